{# The source table account with exactly its declared columns (macros/source_table.sql). #}
select * from {{ source_table('salesforce', 'account') }} as source_table
