{# The source table currency_type with exactly its declared columns (macros/source_table.sql). #}
select * from {{ source_table('salesforce', 'currency_type') }} as source_table
