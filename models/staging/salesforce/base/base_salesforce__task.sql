{# The source table task with exactly its declared columns (macros/source_table.sql). #}
select * from {{ source_table('salesforce', 'task') }} as source_table
