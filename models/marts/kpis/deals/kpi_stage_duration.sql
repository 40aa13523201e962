with

transitions as (
    select * from {{ ref('int_stage_transitions') }}
),

by_grain as (
    select
        exited_month as month,
        stage,
        stage_order,
        count(*) as transitions,
        sum(seconds_in_stage) as total_seconds_in_stage,
        {{ median('seconds_in_stage') }} as median_seconds_in_stage
    from transitions
    group by
        exited_month,
        stage,
        stage_order
)

select
    month,
    stage,
    cast(stage_order as integer) as stage_order,
    cast(transitions as {{ dbt.type_bigint() }}) as transitions,
    {{ safe_divide('total_seconds_in_stage', '86400', 'decimal(18, 6)') }} as total_days_in_stage,
    {{ safe_divide('total_seconds_in_stage', '86400 * transitions', 'decimal(18, 6)') }} as avg_days_in_stage,
    {{ safe_divide('median_seconds_in_stage', '86400', 'decimal(18, 6)') }} as median_days_in_stage
from by_grain
