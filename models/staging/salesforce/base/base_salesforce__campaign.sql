{# The source table campaign with exactly its declared columns (macros/salesforce.sql). #}
select * from {{ salesforce_object('campaign') }} as source_table
