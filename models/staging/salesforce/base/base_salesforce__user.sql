{# The source table user with exactly its declared columns (macros/salesforce.sql). #}
select * from {{ salesforce_object('user') }} as source_table
