{# Per rep and month: the rep's quota, the pipeline the rep went into the
    month with (deals open at the month's first instant whose
    expected_close_date falls in the month, weighted by the win probability of
    their stage then) and what the rep won in the month (deals closed won
    before the end of the as_of day). One row per rep-month with any of the
    three. Shared by pipeline coverage and forecast accuracy. #}
with

pipeline as (
    select * from {{ ref('int_pipeline_month_boundaries') }}
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

reported_quotas as (
    select
        quotas.month,
        quotas.rep_id,
        quotas.quota_amount
    from quotas
    inner join months
        on quotas.month = months.month
),

pipeline_due_in_month as (
    select
        month,
        rep_id,
        count(*) as open_pipeline_count,
        sum(amount) as open_pipeline_amount,
        coalesce(sum(amount * win_probability_at_start), 0) as weighted_pipeline_amount
    from pipeline
    where
        is_open_at_start
        and expected_close_date >= month
        and expected_close_date < {{ dbt.dateadd('month', 1, 'month') }}
    group by
        month,
        rep_id
),

won_in_month as (
    select
        close_month as month,
        rep_id,
        count(*) as won_count,
        sum(amount) as won_amount
    from deals
    where
        is_won
        and closed_at < {{ as_of_end() }}
    group by
        close_month,
        rep_id
),

rep_month_keys as (
    select
        month,
        rep_id
    from reported_quotas

    union

    select
        month,
        rep_id
    from pipeline_due_in_month

    union

    select
        month,
        rep_id
    from won_in_month
),

rep_months as (
    select
        rep_month_keys.month,
        rep_month_keys.rep_id,
        coalesce(reported_quotas.quota_amount, 0) as quota_amount,
        coalesce(pipeline_due_in_month.open_pipeline_count, 0) as open_pipeline_count,
        coalesce(pipeline_due_in_month.open_pipeline_amount, 0) as open_pipeline_amount,
        coalesce(pipeline_due_in_month.weighted_pipeline_amount, 0) as weighted_pipeline_amount,
        coalesce(won_in_month.won_count, 0) as won_count,
        coalesce(won_in_month.won_amount, 0) as won_amount
    from rep_month_keys
    left join reported_quotas
        on
            rep_month_keys.month = reported_quotas.month
            and rep_month_keys.rep_id = reported_quotas.rep_id
    left join pipeline_due_in_month
        on
            rep_month_keys.month = pipeline_due_in_month.month
            and rep_month_keys.rep_id = pipeline_due_in_month.rep_id
    left join won_in_month
        on
            rep_month_keys.month = won_in_month.month
            and rep_month_keys.rep_id = won_in_month.rep_id
)

select
    month,
    rep_id,
    cast(quota_amount as decimal(18, 2)) as quota_amount,
    cast(open_pipeline_count as {{ dbt.type_bigint() }}) as open_pipeline_count,
    cast(open_pipeline_amount as decimal(18, 2)) as open_pipeline_amount,
    cast(weighted_pipeline_amount as decimal(24, 8)) as weighted_pipeline_amount,
    cast(won_count as {{ dbt.type_bigint() }}) as won_count,
    cast(won_amount as decimal(18, 2)) as won_amount
from rep_months
