{# Completed stage transitions: one row per stage-history entry that was
    followed by another entry before now (the end of the as_of day), with the
    time spent in the stage. Derived entries of deals without stage history
    are left out: their times are made up from created_at and closed_at. #}
with

stage_entries as (
    select * from {{ ref('fct_opportunity_stages') }}
),

completed as (
    select
        opportunity_id,
        entry_number,
        stage,
        stage_order,
        is_closed_stage,
        entered_at,
        exited_at,
        next_stage
    from stage_entries
    where
        not is_derived
        and is_exited_by_as_of
)

select
    opportunity_id,
    entry_number,
    stage,
    stage_order,
    is_closed_stage,
    entered_at,
    exited_at,
    next_stage,
    cast({{ dbt.date_trunc('month', 'exited_at') }} as date) as exited_month,
    cast(
        {{ dbt.datediff('entered_at', 'exited_at', 'second') }}
        as {{ dbt.type_bigint() }}
    ) as seconds_in_stage
from completed
