{# The source table opportunity with exactly its declared columns (macros/salesforce.sql). #}
select * from {{ salesforce_object('opportunity') }} as source_table
