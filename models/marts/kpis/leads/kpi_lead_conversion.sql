with

leads as (
    select * from {{ ref('fct_leads') }}
),

leads_by_as_of as (
    select *
    from leads
    where is_created_by_as_of
),

cohorts as (
    select
        created_month as month,
        source_channel,
        count(*) as leads,
        sum(case when is_converted then 1 else 0 end) as converted_leads,
        sum(case when is_won_by_as_of then 1 else 0 end) as won_leads
    from leads_by_as_of
    group by
        created_month,
        source_channel
)

select
    month,
    source_channel,
    cast(leads as {{ dbt.type_bigint() }}) as leads,
    cast(converted_leads as {{ dbt.type_bigint() }}) as converted_leads,
    cast(won_leads as {{ dbt.type_bigint() }}) as won_leads,
    {{ safe_divide('converted_leads', 'leads') }} as lead_to_opportunity_rate,
    {{ safe_divide('won_leads', 'leads') }} as lead_to_customer_rate
from cohorts
