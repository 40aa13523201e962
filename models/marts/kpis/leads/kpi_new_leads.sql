with

leads as (
    select * from {{ ref('fct_leads') }}
),

leads_by_as_of as (
    select *
    from leads
    where is_created_by_as_of
),

by_month_and_channel as (
    select
        created_month as month,
        source_channel,
        count(*) as new_leads,
        sum(case when origin = 'marketing' then 1 else 0 end) as marketing_originated_leads,
        sum(case when origin = 'sales' then 1 else 0 end) as sales_originated_leads
    from leads_by_as_of
    group by
        created_month,
        source_channel
)

select
    month,
    source_channel,
    cast(new_leads as {{ dbt.type_bigint() }}) as new_leads,
    cast(marketing_originated_leads as {{ dbt.type_bigint() }}) as marketing_originated_leads,
    cast(sales_originated_leads as {{ dbt.type_bigint() }}) as sales_originated_leads,
    {{ safe_divide('marketing_originated_leads', 'new_leads') }} as marketing_share
from by_month_and_channel
