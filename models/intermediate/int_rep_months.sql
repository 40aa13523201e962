{# What each rep had, did and achieved per month, the one rep-month row set
    of the rep and pipeline KPIs: the rep's quota, the pipeline the rep went
    into the month with (deals open at its first instant and due in it),
    the deals the rep closed in it and the activities the rep logged in it
    (by type and outcome). One row per rep and month of dim_months with any
    of these; each view keeps the rows it reports (e.g. coverage: a quota,
    due pipeline or a win). Activities are read here, by the end of the
    as_of day, because fct_activities carries no as_of flag. #}
with

activities as (
    select * from {{ ref('fct_activities') }}
),

deals as (
    select * from {{ ref('fct_opportunities') }}
),

pipeline as (
    select * from {{ ref('int_pipeline_month_boundaries') }}
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
        count(*) as total_activities,
        sum(case when outcome = 'positive' then 1 else 0 end) as positive_responses,
        sum(case when outcome = 'negative' then 1 else 0 end) as negative_responses,
        sum(case when outcome = 'neutral' then 1 else 0 end) as neutral_responses,
        sum(case when outcome = 'no_response' then 1 else 0 end) as no_responses,
        sum(
            case when outcome in ('positive', 'negative', 'neutral', 'no_response') then 0 else 1 end
        ) as unknown_outcomes
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
        sum(case when is_won_by_as_of then 1 else 0 end) as won_count,
        sum(case when is_won_by_as_of then amount else 0 end) as won_amount,
        count(*) as closed_count
    from deals
    where is_closed_by_as_of
    group by
        close_month,
        rep_id
),

due_pipeline_months as (
    select
        month,
        rep_id,
        count(*) as open_pipeline_count,
        sum(amount) as open_pipeline_amount,
        coalesce(sum(amount * win_probability_at_start), 0) as weighted_pipeline_amount
    from pipeline
    where
        is_open_at_start
        and is_due_in_month
    group by
        month,
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
    from due_pipeline_months

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
        quotas.rep_id is not null as has_quota,
        coalesce(quotas.quota_amount, 0) as quota_amount,
        coalesce(due_pipeline_months.open_pipeline_count, 0) as open_pipeline_count,
        coalesce(due_pipeline_months.open_pipeline_amount, 0) as open_pipeline_amount,
        coalesce(due_pipeline_months.weighted_pipeline_amount, 0) as weighted_pipeline_amount,
        coalesce(closed_deal_months.won_count, 0) as won_count,
        coalesce(closed_deal_months.won_amount, 0) as won_amount,
        coalesce(closed_deal_months.closed_count, 0) as closed_count,
        coalesce(activity_months.calls, 0) as calls,
        coalesce(activity_months.emails, 0) as emails,
        coalesce(activity_months.meetings, 0) as meetings,
        coalesce(activity_months.demos, 0) as demos,
        coalesce(activity_months.total_activities, 0) as total_activities,
        coalesce(activity_months.positive_responses, 0) as positive_responses,
        coalesce(activity_months.negative_responses, 0) as negative_responses,
        coalesce(activity_months.neutral_responses, 0) as neutral_responses,
        coalesce(activity_months.no_responses, 0) as no_responses,
        coalesce(activity_months.unknown_outcomes, 0) as unknown_outcomes
    from rep_months
    inner join months
        on rep_months.month = months.month
    left join quotas
        on
            rep_months.month = quotas.month
            and rep_months.rep_id = quotas.rep_id
    left join due_pipeline_months
        on
            rep_months.month = due_pipeline_months.month
            and rep_months.rep_id = due_pipeline_months.rep_id
    left join closed_deal_months
        on
            rep_months.month = closed_deal_months.month
            and rep_months.rep_id = closed_deal_months.rep_id
    left join activity_months
        on
            rep_months.month = activity_months.month
            and rep_months.rep_id = activity_months.rep_id
)

select
    month,
    quarter,
    rep_id,
    has_quota,
    cast(quota_amount as decimal(18, 2)) as quota_amount,
    cast(open_pipeline_count as {{ dbt.type_bigint() }}) as open_pipeline_count,
    cast(open_pipeline_amount as decimal(18, 2)) as open_pipeline_amount,
    cast(weighted_pipeline_amount as decimal(24, 8)) as weighted_pipeline_amount,
    cast(won_count as {{ dbt.type_bigint() }}) as won_count,
    cast(won_amount as decimal(18, 2)) as won_amount,
    cast(closed_count as {{ dbt.type_bigint() }}) as closed_count,
    cast(calls as {{ dbt.type_bigint() }}) as calls,
    cast(emails as {{ dbt.type_bigint() }}) as emails,
    cast(meetings as {{ dbt.type_bigint() }}) as meetings,
    cast(demos as {{ dbt.type_bigint() }}) as demos,
    cast(total_activities as {{ dbt.type_bigint() }}) as total_activities,
    cast(positive_responses as {{ dbt.type_bigint() }}) as positive_responses,
    cast(negative_responses as {{ dbt.type_bigint() }}) as negative_responses,
    cast(neutral_responses as {{ dbt.type_bigint() }}) as neutral_responses,
    cast(no_responses as {{ dbt.type_bigint() }}) as no_responses,
    cast(unknown_outcomes as {{ dbt.type_bigint() }}) as unknown_outcomes
from rep_month_results
