{# Salesforce's rates (salesforce__currency_rates) as the contract's
    fx_rates, with any rates loaded into the crm_supplement_schema (a
    single-currency org has none of its own). #}
with

currency_rates as (
    select * from {{ ref('salesforce__currency_rates') }}
),

supplement as (
    select * from {{ crm_supplement('fx_rates') }} as supplement_rates
)

select
    currency,
    rate_date,
    rate_to_reporting
from currency_rates
union all
select
    cast(currency as {{ dbt.type_string() }}) as currency,
    cast(rate_date as {{ dbt.type_string() }}) as rate_date,
    cast(rate_to_reporting as {{ dbt.type_string() }}) as rate_to_reporting
from supplement
