{# The source table opportunity_history with exactly its declared columns (macros/source_table.sql). #}
select * from {{ source_table('salesforce', 'opportunity_history') }} as source_table
