-- kpi_sales_formula by hand, over main.fct_activities, fct_leads,
-- fct_opportunities, int_rep_months and staging.stg_crm__web_traffic, with
-- the benchmark's as_of (2026-10-31) written in: the five funnel parts in
-- one union, motions and their 'all' total in one pass of grouping sets.
with parts as (
    select date_trunc('month', visit_date)::date as month, 'inbound' as motion,
        sum(visitors) as top_of_funnel, 0 as meetings, 0 as won_count, 0 as won_amount
    from staging.stg_crm__web_traffic
    where visit_date <= date '2026-10-31'
    group by all
    union all
    select month, 'outbound', sum(calls + emails), 0, 0, 0
    from main.int_rep_months
    group by all
    having sum(calls + emails) > 0
    union all
    select created_month, motion, count(*), 0, 0, 0
    from main.fct_leads
    where motion = 'partner' and is_created_by_as_of
    group by all
    union all
    select
        activities.activity_month,
        case
            when leads.lead_id is not null then leads.motion
            when deals.opportunity_id is not null then deals.motion
            else 'unknown'
        end,
        0, count(*), 0, 0
    from main.fct_activities as activities
    left join main.fct_leads as leads on activities.lead_id = leads.lead_id
    left join main.fct_opportunities as deals
        on activities.opportunity_id = deals.opportunity_id
    where activities.occurred_at < timestamp '2026-11-01'
        and activities.activity_type in ('meeting', 'demo')
        and (activities.lead_id is not null or activities.opportunity_id is not null)
    group by all
    union all
    select close_month, motion, 0, 0, count(*), sum(amount)
    from main.fct_opportunities
    where is_won_by_as_of
    group by all
),

formula as (
    select
        month,
        if(grouping(motion) = 1, 'all', motion) as motion,
        sum(top_of_funnel) as top_of_funnel,
        sum(meetings) as meetings,
        sum(won_count) as won_count,
        sum(won_amount) as won_amount
    from parts
    group by grouping sets ((month, motion), (month))
)

select
    month,
    motion,
    top_of_funnel::bigint,
    meetings::bigint,
    won_count::bigint,
    won_amount::decimal(18, 2),
    (meetings::decimal(38, 10) / nullif(top_of_funnel::decimal(38, 10), 0))::decimal(18, 10),
    (won_count::decimal(38, 10) / nullif(meetings::decimal(38, 10), 0))::decimal(18, 10),
    (won_amount::decimal(38, 10) / nullif(won_count::decimal(38, 10), 0))::decimal(18, 2)
from formula
