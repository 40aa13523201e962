{# One row per stage a deal entered, with when it left it (the next entry).
    A deal with no stage history at all (a CRM without history) gets entries
    made from the deal itself: an open deal has been in its current stage since
    created_at; a closed deal was in stage 'unknown' from created_at until it
    closed at closed_at. History rows of deals missing from opportunities are
    left out here (audit_data_quality_warnings lists them). #}
with

opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

stage_history as (
    select * from {{ ref('stg_crm__opportunity_stage_history') }}
),

pipeline_stages as (
    select * from {{ ref('stg_crm__pipeline_stages') }}
),

deals_with_history as (
    select distinct opportunity_id from stage_history
),

deals_without_history as (
    select opportunities.*
    from opportunities
    left join deals_with_history
        on opportunities.opportunity_id = deals_with_history.opportunity_id
    where deals_with_history.opportunity_id is null
),

entries as (
    select
        stage_history.opportunity_id,
        stage_history.stage,
        stage_history.entered_at,
        false as is_derived
    from stage_history
    inner join opportunities
        on stage_history.opportunity_id = opportunities.opportunity_id

    union all

    select
        opportunity_id,
        case when is_closed then 'unknown' else stage end as stage,
        created_at as entered_at,
        true as is_derived
    from deals_without_history

    union all

    select
        opportunity_id,
        stage,
        closed_at as entered_at,
        true as is_derived
    from deals_without_history
    where is_closed
),

ordered_entries as (
    select
        entries.opportunity_id,
        entries.stage,
        coalesce(pipeline_stages.stage_order, 0) as stage_order,
        coalesce(pipeline_stages.is_closed, false) as is_closed_stage,
        coalesce(pipeline_stages.is_won, false) as is_won_stage,
        entries.entered_at,
        entries.is_derived,
        row_number() over (
            partition by entries.opportunity_id
            order by entries.entered_at, coalesce(pipeline_stages.stage_order, 0)
        ) as entry_number
    from entries
    left join pipeline_stages
        on entries.stage = pipeline_stages.stage
),

intervals as (
    select
        *,
        lead(entered_at) over (partition by opportunity_id order by entry_number) as exited_at,
        lead(stage) over (partition by opportunity_id order by entry_number) as next_stage
    from ordered_entries
)

select
    opportunity_id,
    cast(entry_number as {{ dbt.type_bigint() }}) as entry_number,
    stage,
    stage_order,
    is_closed_stage,
    is_won_stage,
    entered_at,
    exited_at,
    next_stage,
    is_derived,
    entered_at < {{ as_of_end() }} as is_entered_by_as_of,
    coalesce(exited_at < {{ as_of_end() }}, false) as is_exited_by_as_of
from intervals
