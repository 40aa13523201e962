{# Salesforce's Account as the contract's accounts. The segment comes from
    the account's size: the larger segment that NumberOfEmployees or
    AnnualRevenue reaches (vars salesforce_enterprise_min_employees,
    salesforce_mid_market_min_employees,
    salesforce_enterprise_min_annual_revenue,
    salesforce_mid_market_min_annual_revenue; revenue in the account's own
    currency), smb below both, unknown without either. #}
with

accounts as (
    select * from {{ ref('base_salesforce__account') }}
    where not {{ salesforce_is_deleted() }}
),

sized as (
    select
        *,
        {{ parse_integer(clean_text('number_of_employees')) }} as employees,
        {{ parse_decimal(clean_text('annual_revenue'), 28, 4) }} as revenue
    from accounts
)

select
    cast({{ clean_text('id') }} as {{ dbt.type_string() }}) as account_id,
    cast({{ clean_text('name') }} as {{ dbt.type_string() }}) as account_name,
    cast({{ clean_text('industry') }} as {{ dbt.type_string() }}) as industry,
    cast(
        case
            when
                employees >= {{ number_var('salesforce_enterprise_min_employees') }}
                or revenue >= {{ number_var('salesforce_enterprise_min_annual_revenue') }}
                then 'enterprise'
            when
                employees >= {{ number_var('salesforce_mid_market_min_employees') }}
                or revenue >= {{ number_var('salesforce_mid_market_min_annual_revenue') }}
                then 'mid_market'
            when employees is not null or revenue is not null then 'smb'
        end as {{ dbt.type_string() }}
    ) as segment,
    cast({{ clean_text('billing_country_code') }} as {{ dbt.type_string() }}) as country,
    cast({{ clean_text('owner_id') }} as {{ dbt.type_string() }}) as owner_rep_id,
    cast({{ clean_text('created_date') }} as {{ dbt.type_string() }}) as created_at,
    cast({{ clean_text('last_modified_date') }} as {{ dbt.type_string() }}) as updated_at
from sized
