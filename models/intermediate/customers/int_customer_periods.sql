{# The periods customer KPIs are measured over, with the two days on which
    customers are counted: start_snapshot_date = the day before the period
    starts (so a period's start is the previous period's end) and
    end_snapshot_date = the period's last day, or the as_of day for the period
    that contains it (later days have not happened). Months, quarters and
    years of dim_months, and for each month the trailing 12 months ending with
    it (the window of kpi_customer_lifetime_value). #}
with

months as (
    select * from {{ ref('dim_months') }}
),

period_bounds as (
    select distinct
        'month' as period_type,
        month as period_start,
        {{ dbt.dateadd('month', 1, 'month') }} as next_period_start
    from months

    union all

    select distinct
        'quarter' as period_type,
        quarter as period_start,
        {{ dbt.dateadd('month', 3, 'quarter') }} as next_period_start
    from months

    union all

    select distinct
        'year' as period_type,
        year as period_start,
        {{ dbt.dateadd('month', 12, 'year') }} as next_period_start
    from months

    union all

    select
        'trailing_12_months' as period_type,
        {{ dbt.dateadd('month', -11, 'month') }} as period_start,
        {{ dbt.dateadd('month', 1, 'month') }} as next_period_start
    from months
)

select
    period_type,
    cast(period_start as date) as period_start,
    cast({{ dbt.dateadd('day', -1, 'period_start') }} as date) as start_snapshot_date,
    cast(
        least(
            cast({{ dbt.dateadd('day', -1, 'next_period_start') }} as date),
            {{ as_of_date() }}
        ) as date
    ) as end_snapshot_date
from period_bounds
