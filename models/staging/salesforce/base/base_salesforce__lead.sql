{# The source table lead with exactly its declared columns (macros/salesforce.sql). #}
select * from {{ salesforce_object('lead') }} as source_table
