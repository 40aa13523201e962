{# Salesforce holds no forecasts: the contract-shaped table loaded into the
    crm_supplement_schema, or no rows (macros/crm_source.sql). #}
select * from {{ crm_supplement('forecasts') }} as supplement
