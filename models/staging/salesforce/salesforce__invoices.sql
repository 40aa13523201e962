{# Salesforce holds no invoices: the contract-shaped table loaded into the
    crm_supplement_schema, or no rows (macros/crm_source.sql). #}
select * from {{ crm_supplement('invoices') }} as supplement
