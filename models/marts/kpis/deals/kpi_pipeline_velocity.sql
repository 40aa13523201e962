with

pipeline as (
    select * from {{ ref('int_pipeline_month_boundaries') }}
),

deals as (
    select * from {{ ref('fct_opportunities') }}
),

open_at_month_start as (
    select
        month,
        count(*) as open_deals_at_start
    from pipeline
    where is_open_at_start
    group by month
),

closed_deals as (
    select
        close_month,
        is_won_by_as_of,
        amount,
        cycle_seconds
    from deals
    where is_closed_by_as_of
),

closed_in_month as (
    select
        close_month as month,
        sum(case when is_won_by_as_of then 1 else 0 end) as won_count,
        count(*) as closed_count,
        sum(case when is_won_by_as_of then amount else 0 end) as won_amount,
        sum(cycle_seconds) as total_cycle_seconds
    from closed_deals
    group by close_month
),

parts as (
    select
        coalesce(open_at_month_start.month, closed_in_month.month) as month,
        coalesce(open_at_month_start.open_deals_at_start, 0) as open_deals_at_start,
        coalesce(closed_in_month.won_count, 0) as won_count,
        coalesce(closed_in_month.closed_count, 0) as closed_count,
        coalesce(closed_in_month.won_amount, 0) as won_amount,
        {{ safe_divide(
            'coalesce(closed_in_month.total_cycle_seconds, 0)', '86400', 'decimal(28, 10)',
        ) }} as total_cycle_days
    from open_at_month_start
    full outer join closed_in_month
        on open_at_month_start.month = closed_in_month.month
)

{# velocity = open × (won / closed) × (won_amount / won) / (cycle days / closed),
    the cycle over every deal closed in the month (won and lost, as
    kpi_sales_cycle rolled up over the month); from the unrounded parts that
    is open × won_amount / cycle days. NULL without a win: the deal size is. #}
select
    month,
    cast(open_deals_at_start as {{ dbt.type_bigint() }}) as open_deals_at_start,
    cast(won_count as {{ dbt.type_bigint() }}) as won_count,
    cast(closed_count as {{ dbt.type_bigint() }}) as closed_count,
    cast(won_amount as decimal(18, 2)) as won_amount,
    cast(total_cycle_days as decimal(18, 6)) as total_cycle_days,
    {{ safe_divide('won_count', 'closed_count') }} as win_rate,
    {{ safe_divide('won_amount', 'won_count', 'decimal(18, 2)') }} as avg_deal_size,
    {{ safe_divide('total_cycle_days', 'closed_count', 'decimal(18, 6)') }} as avg_cycle_days,
    case
        when won_count > 0
            then {{ safe_divide('open_deals_at_start * won_amount', 'total_cycle_days', 'decimal(18, 2)') }}
    end as velocity_per_day
from parts
