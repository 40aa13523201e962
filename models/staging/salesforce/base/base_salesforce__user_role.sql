{# The source table user_role with exactly its declared columns (macros/salesforce.sql). #}
select * from {{ salesforce_object('user_role') }} as source_table
