{# The source table account with exactly its declared columns (macros/salesforce.sql). #}
select * from {{ salesforce_object('account') }} as source_table
