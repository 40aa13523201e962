{# The source table opportunity with exactly its declared columns (macros/source_table.sql). #}
select * from {{ source_table('salesforce', 'opportunity') }} as source_table
