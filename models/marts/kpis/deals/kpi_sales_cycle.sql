with

deals as (
    select * from {{ ref('fct_opportunities') }}
),

closed_deals as (
    select
        close_month as month,
        case when is_won_by_as_of then 'won' else 'lost' end as outcome,
        rep_id,
        product_line,
        segment,
        cycle_seconds
    from deals
    where is_closed_by_as_of
),

by_grain as (
    select
        month,
        outcome,
        rep_id,
        product_line,
        segment,
        count(*) as deal_count,
        sum(cycle_seconds) as total_cycle_seconds,
        {{ median('cycle_seconds') }} as median_cycle_seconds
    from closed_deals
    group by
        month,
        outcome,
        rep_id,
        product_line,
        segment
)

select
    month,
    outcome,
    rep_id,
    product_line,
    segment,
    cast(deal_count as {{ dbt.type_bigint() }}) as deal_count,
    {{ safe_divide('total_cycle_seconds', '86400', 'decimal(18, 6)') }} as total_cycle_days,
    {{ safe_divide('total_cycle_seconds', '86400 * deal_count', 'decimal(18, 6)') }} as avg_cycle_days,
    {{ safe_divide('median_cycle_seconds', '86400', 'decimal(18, 6)') }} as median_cycle_days
from by_grain
