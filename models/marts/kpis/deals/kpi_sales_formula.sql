with

web_traffic as (
    select * from {{ ref('stg_crm__web_traffic') }}
),

leads as (
    select * from {{ ref('fct_leads') }}
),

deals as (
    select * from {{ ref('fct_opportunities') }}
),

activities as (
    select * from {{ ref('fct_activities') }}
),

rep_months as (
    select * from {{ ref('int_rep_months') }}
),

{# An activity's motion, for meetings: its lead's motion, else its deal's
    motion, else 'unknown' when its lead or deal is missing. Activities on an
    account only belong to no motion and are left out. #}
activity_motions as (
    select
        activities.activity_month as month,
        activities.activity_type,
        case
            when leads.lead_id is not null then leads.motion
            when deals.opportunity_id is not null then deals.motion
            else 'unknown'
        end as motion
    from activities
    left join leads
        on activities.lead_id = leads.lead_id
    left join deals
        on activities.opportunity_id = deals.opportunity_id
    where
        activities.occurred_at < {{ as_of_end() }}
        and (activities.lead_id is not null or activities.opportunity_id is not null)
),

visitors as (
    select
        cast({{ dbt.date_trunc('month', 'visit_date') }} as date) as month,
        'inbound' as motion,
        sum(visitors) as top_of_funnel,
        0 as meetings,
        0 as won_count,
        0 as won_amount
    from web_traffic
    where visit_date <= {{ as_of_date() }}
    group by cast({{ dbt.date_trunc('month', 'visit_date') }} as date)
),

{# Outbound top of funnel = calls + emails logged: every one of the month,
    whatever it is logged on (catalogue: no motion filter). #}
outreach as (
    select
        month,
        'outbound' as motion,
        sum(calls + emails) as top_of_funnel,
        0 as meetings,
        0 as won_count,
        0 as won_amount
    from rep_months
    group by month
    having sum(calls + emails) > 0
),

partner_leads as (
    select
        created_month as month,
        motion,
        count(*) as top_of_funnel,
        0 as meetings,
        0 as won_count,
        0 as won_amount
    from leads
    where
        motion = 'partner'
        and is_created_by_as_of
    group by
        created_month,
        motion
),

meetings_held as (
    select
        month,
        motion,
        0 as top_of_funnel,
        count(*) as meetings,
        0 as won_count,
        0 as won_amount
    from activity_motions
    where activity_type in ('meeting', 'demo')
    group by
        month,
        motion
),

won_deals as (
    select
        close_month as month,
        motion,
        0 as top_of_funnel,
        0 as meetings,
        count(*) as won_count,
        sum(amount) as won_amount
    from deals
    where is_won_by_as_of
    group by
        close_month,
        motion
),

funnel_parts as (
    select * from visitors
    union all
    select * from outreach
    union all
    select * from partner_leads
    union all
    select * from meetings_held
    union all
    select * from won_deals
),

by_motion as (
    select
        month,
        motion,
        sum(top_of_funnel) as top_of_funnel,
        sum(meetings) as meetings,
        sum(won_count) as won_count,
        sum(won_amount) as won_amount
    from funnel_parts
    group by
        month,
        motion
),

all_motions as (
    select
        month,
        'all' as motion,
        sum(top_of_funnel) as top_of_funnel,
        sum(meetings) as meetings,
        sum(won_count) as won_count,
        sum(won_amount) as won_amount
    from by_motion
    group by month
),

formula as (
    select * from by_motion
    union all
    select * from all_motions
)

select
    month,
    motion,
    cast(top_of_funnel as {{ dbt.type_bigint() }}) as top_of_funnel,
    cast(meetings as {{ dbt.type_bigint() }}) as meetings,
    cast(won_count as {{ dbt.type_bigint() }}) as won_count,
    cast(won_amount as decimal(18, 2)) as won_amount,
    {{ safe_divide('meetings', 'top_of_funnel', 'decimal(18, 10)') }} as funnel_to_meeting_rate,
    {{ safe_divide('won_count', 'meetings', 'decimal(18, 10)') }} as meeting_hit_rate,
    {{ safe_divide('won_amount', 'won_count', 'decimal(18, 2)') }} as avg_contract_value
from formula
