{# The source table opportunity_stage with exactly its declared columns (macros/salesforce.sql). #}
select * from {{ salesforce_object('opportunity_stage') }} as source_table
