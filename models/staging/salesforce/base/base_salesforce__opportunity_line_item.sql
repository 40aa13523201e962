{# The source table opportunity_line_item with exactly its declared columns (macros/source_table.sql). #}
select * from {{ source_table('salesforce', 'opportunity_line_item') }} as source_table
