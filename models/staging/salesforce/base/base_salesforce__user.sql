{# The source table user with exactly its declared columns (macros/source_table.sql). #}
select * from {{ source_table('salesforce', 'user') }} as source_table
