{# The source table dated_conversion_rate with exactly its declared columns (macros/source_table.sql). #}
select * from {{ source_table('salesforce', 'dated_conversion_rate') }} as source_table
