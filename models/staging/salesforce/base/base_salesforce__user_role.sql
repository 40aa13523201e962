{# The source table user_role with exactly its declared columns (macros/source_table.sql). #}
select * from {{ source_table('salesforce', 'user_role') }} as source_table
