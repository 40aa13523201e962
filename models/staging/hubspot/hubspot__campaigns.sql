{# The input contract's campaigns: HubSpot as mapped here holds none; read from
    the var crm_supplement_schema, else empty (macros/crm_source.sql). #}
select * from {{ crm_supplement('campaigns') }}
