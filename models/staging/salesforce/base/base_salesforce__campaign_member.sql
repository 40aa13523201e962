{# The source table campaign_member with exactly its declared columns (macros/salesforce.sql). #}
select * from {{ salesforce_object('campaign_member') }} as source_table
