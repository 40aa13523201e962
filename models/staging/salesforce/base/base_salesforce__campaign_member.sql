{# The source table campaign_member with exactly its declared columns (macros/source_table.sql). #}
select * from {{ source_table('salesforce', 'campaign_member') }} as source_table
