{# The input contract's invoices: HubSpot as mapped here holds none; read from
    the var crm_supplement_schema, else empty (macros/crm_source.sql). #}
select * from {{ crm_supplement('invoices') }}
