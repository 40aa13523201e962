with

pipeline as (
    select * from {{ ref('int_pipeline_month_boundaries') }}
),

open_at_month_end as (
    select
        month,
        rep_id,
        stage_at_end as stage,
        stage_order_at_end as stage_order,
        win_probability_at_end as win_probability,
        count(*) as open_count,
        sum(amount) as open_amount
    from pipeline
    where is_open_at_end
    group by
        month,
        rep_id,
        stage_at_end,
        stage_order_at_end,
        win_probability_at_end
)

select
    month,
    rep_id,
    stage,
    cast(stage_order as integer) as stage_order,
    cast(open_count as {{ dbt.type_bigint() }}) as open_count,
    cast(open_amount as decimal(18, 2)) as open_amount,
    cast(win_probability as decimal(9, 6)) as win_probability,
    cast(open_amount * win_probability as decimal(18, 2)) as weighted_amount
from open_at_month_end
