{# The source table campaign with exactly its declared columns (macros/source_table.sql). #}
select * from {{ source_table('salesforce', 'campaign') }} as source_table
