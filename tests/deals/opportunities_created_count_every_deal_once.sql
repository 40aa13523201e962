{# Fan-out and filter guard: the created counts and amounts add up to the
    deals created before the end of the as_of day. #}
with

created as (
    select * from {{ ref('kpi_opportunities_created') }}
),

deals as (
    select * from {{ ref('fct_opportunities') }}
),

view_totals as (
    select
        sum(opportunities_created) as deal_count,
        sum(pipeline_created_amount) as amount
    from created
),

fact_totals as (
    select
        count(*) as deal_count,
        sum(amount) as amount
    from deals
    where created_at < {{ as_of_end() }}
)

select
    view_totals.deal_count as view_deal_count,
    fact_totals.deal_count as fact_deal_count,
    view_totals.amount as view_amount,
    fact_totals.amount as fact_amount
from view_totals
cross join fact_totals
where
    view_totals.deal_count <> fact_totals.deal_count
    or view_totals.amount <> fact_totals.amount
