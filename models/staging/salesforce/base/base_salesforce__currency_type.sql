{# The source table currency_type with exactly its declared columns (macros/salesforce.sql). #}
select * from {{ salesforce_object('currency_type') }} as source_table
