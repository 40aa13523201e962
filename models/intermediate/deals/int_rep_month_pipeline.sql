{# Per rep and month: the pipeline the rep went into the month with (deals
    open at the month's first instant whose expected_close_date falls in the
    month, weighted by the win probability of their stage then) and what the
    rep won in the month (deals closed won before the end of the as_of day).
    Shared by pipeline coverage and forecast accuracy. #}
with

pipeline as (
    select * from {{ ref('int_pipeline_month_boundaries') }}
),

deals as (
    select * from {{ ref('fct_opportunities') }}
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

rep_months as (
    select
        coalesce(pipeline_due_in_month.month, won_in_month.month) as month,
        coalesce(pipeline_due_in_month.rep_id, won_in_month.rep_id) as rep_id,
        coalesce(pipeline_due_in_month.open_pipeline_count, 0) as open_pipeline_count,
        coalesce(pipeline_due_in_month.open_pipeline_amount, 0) as open_pipeline_amount,
        coalesce(pipeline_due_in_month.weighted_pipeline_amount, 0) as weighted_pipeline_amount,
        coalesce(won_in_month.won_count, 0) as won_count,
        coalesce(won_in_month.won_amount, 0) as won_amount
    from pipeline_due_in_month
    full outer join won_in_month
        on
            pipeline_due_in_month.month = won_in_month.month
            and pipeline_due_in_month.rep_id = won_in_month.rep_id
)

select
    month,
    rep_id,
    cast(open_pipeline_count as {{ dbt.type_bigint() }}) as open_pipeline_count,
    cast(open_pipeline_amount as decimal(18, 2)) as open_pipeline_amount,
    cast(weighted_pipeline_amount as decimal(24, 8)) as weighted_pipeline_amount,
    cast(won_count as {{ dbt.type_bigint() }}) as won_count,
    cast(won_amount as decimal(18, 2)) as won_amount
from rep_months
