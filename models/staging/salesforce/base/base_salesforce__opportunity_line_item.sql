{# The source table opportunity_line_item with exactly its declared columns (macros/salesforce.sql). #}
select * from {{ salesforce_object('opportunity_line_item') }} as source_table
