{# The source table opportunity_history with exactly its declared columns (macros/salesforce.sql). #}
select * from {{ salesforce_object('opportunity_history') }} as source_table
