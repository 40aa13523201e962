with

pipeline as (
    select * from {{ ref('int_pipeline_month_boundaries') }}
),

open_at_month_end as (
    select
        month,
        stage_at_end as stage,
        stage_order_at_end as stage_order,
        count(*) as open_count,
        sum(amount) as open_amount
    from pipeline
    where is_open_at_end
    group by
        month,
        stage_at_end,
        stage_order_at_end
),

with_month_totals as (
    select
        *,
        sum(open_count) over (partition by month) as month_open_count,
        sum(open_amount) over (partition by month) as month_open_amount
    from open_at_month_end
)

select
    month,
    stage,
    cast(stage_order as integer) as stage_order,
    cast(open_count as {{ dbt.type_bigint() }}) as open_count,
    cast(open_amount as decimal(18, 2)) as open_amount,
    {{ safe_divide('open_count', 'month_open_count') }} as pct_of_open_count,
    {{ safe_divide('open_amount', 'month_open_amount') }} as pct_of_open_amount
from with_month_totals
