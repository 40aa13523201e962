{# The source table event with exactly its declared columns (macros/source_table.sql). #}
select * from {{ source_table('salesforce', 'event') }} as source_table
