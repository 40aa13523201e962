{# One row per rep and month with any activity, closed deal or quota, up to
    the month of as_of. Closed deals are exactly kpi_win_rate's: closed before
    the end of the as_of day, counted in their close month. #}
with

activities as (
    select * from {{ ref('fct_activities') }}
),

deals as (
    select * from {{ ref('fct_opportunities') }}
),

quotas as (
    select * from {{ ref('stg_crm__quotas') }}
),

months as (
    select * from {{ ref('dim_months') }}
),

activity_months as (
    select
        activity_month as month,
        rep_id,
        sum(case when activity_type = 'call' then 1 else 0 end) as calls,
        sum(case when activity_type = 'email' then 1 else 0 end) as emails,
        sum(case when activity_type = 'meeting' then 1 else 0 end) as meetings,
        sum(case when activity_type = 'demo' then 1 else 0 end) as demos,
        count(*) as total_activities
    from activities
    where occurred_at < {{ as_of_end() }}
    group by
        activity_month,
        rep_id
),

closed_deal_months as (
    select
        close_month as month,
        rep_id,
        sum(case when is_won then 1 else 0 end) as won_count,
        sum(case when is_won then amount else 0 end) as won_amount,
        count(*) as closed_count
    from deals
    where
        is_closed
        and closed_at < {{ as_of_end() }}
    group by
        close_month,
        rep_id
),

rep_months as (
    select
        month,
        rep_id
    from activity_months

    union

    select
        month,
        rep_id
    from closed_deal_months

    union

    select
        month,
        rep_id
    from quotas
),

rep_month_results as (
    select
        rep_months.month,
        months.quarter,
        rep_months.rep_id,
        coalesce(activity_months.calls, 0) as calls,
        coalesce(activity_months.emails, 0) as emails,
        coalesce(activity_months.meetings, 0) as meetings,
        coalesce(activity_months.demos, 0) as demos,
        coalesce(activity_months.total_activities, 0) as total_activities,
        coalesce(closed_deal_months.won_count, 0) as won_count,
        coalesce(closed_deal_months.won_amount, 0) as won_amount,
        coalesce(closed_deal_months.closed_count, 0) as closed_count,
        coalesce(quotas.quota_amount, 0) as quota_amount
    from rep_months
    inner join months
        on rep_months.month = months.month
    left join activity_months
        on
            rep_months.month = activity_months.month
            and rep_months.rep_id = activity_months.rep_id
    left join closed_deal_months
        on
            rep_months.month = closed_deal_months.month
            and rep_months.rep_id = closed_deal_months.rep_id
    left join quotas
        on
            rep_months.month = quotas.month
            and rep_months.rep_id = quotas.rep_id
)

select
    month,
    quarter,
    rep_id,
    cast(calls as {{ dbt.type_bigint() }}) as calls,
    cast(emails as {{ dbt.type_bigint() }}) as emails,
    cast(meetings as {{ dbt.type_bigint() }}) as meetings,
    cast(demos as {{ dbt.type_bigint() }}) as demos,
    cast(total_activities as {{ dbt.type_bigint() }}) as total_activities,
    cast(won_count as {{ dbt.type_bigint() }}) as won_count,
    cast(won_amount as decimal(18, 2)) as won_amount,
    cast(closed_count as {{ dbt.type_bigint() }}) as closed_count,
    cast(quota_amount as decimal(18, 2)) as quota_amount
from rep_month_results
