{# The input contract's accounts: HubSpot's companies, one row per company
    (deleted ones left out; counted in hubspot__deleted_rows). segment comes
    from the number of employees: enterprise from the var
    hubspot_enterprise_min_employees (1000) up, mid_market from
    hubspot_mid_market_min_employees (100), smb below; none without a number.
    country is read only when it is a two-letter code (HubSpot's country is
    free text). #}
with

companies as (
    select * from {{ source_table('hubspot', 'company') }}
    where not ({{ hubspot_flag('is_deleted') }} or {{ hubspot_flag('_fivetran_deleted') }})
),

texts as (
    select
        {{ clean_text('id') }} as account_id,
        property_name as account_name,
        property_industry as industry,
        {{ parse_integer(clean_text('property_numberofemployees')) }} as employees,
        {{ clean_text('property_country') }} as country,
        property_hubspot_owner_id as owner_rep_id,
        property_createdate as created_at,
        _fivetran_synced as updated_at
    from companies
)

select
    account_id,
    account_name,
    industry,
    case
        when employees >= {{ number_var('hubspot_enterprise_min_employees') }} then 'enterprise'
        when employees >= {{ number_var('hubspot_mid_market_min_employees') }} then 'mid_market'
        when employees >= 0 then 'smb'
    end as segment,
    case when length(country) = 2 then country end as country,
    owner_rep_id,
    created_at,
    updated_at
from texts
