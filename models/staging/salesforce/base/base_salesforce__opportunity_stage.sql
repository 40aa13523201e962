{# The source table opportunity_stage with exactly its declared columns (macros/source_table.sql). #}
select * from {{ source_table('salesforce', 'opportunity_stage') }} as source_table
