{# The source table task with exactly its declared columns (macros/salesforce.sql). #}
select * from {{ salesforce_object('task') }} as source_table
