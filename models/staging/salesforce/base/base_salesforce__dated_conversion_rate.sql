{# The source table dated_conversion_rate with exactly its declared columns (macros/salesforce.sql). #}
select * from {{ salesforce_object('dated_conversion_rate') }} as source_table
