{# The source table lead with exactly its declared columns (macros/source_table.sql). #}
select * from {{ source_table('salesforce', 'lead') }} as source_table
