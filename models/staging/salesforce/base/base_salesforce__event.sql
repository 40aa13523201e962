{# The source table event with exactly its declared columns (macros/salesforce.sql). #}
select * from {{ salesforce_object('event') }} as source_table
