{# The source table product_2 with exactly its declared columns (macros/source_table.sql). #}
select * from {{ source_table('salesforce', 'product_2') }} as source_table
