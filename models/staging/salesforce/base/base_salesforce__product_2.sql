{# The source table product_2 with exactly its declared columns (macros/salesforce.sql). #}
select * from {{ salesforce_object('product_2') }} as source_table
