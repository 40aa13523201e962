with

deals as (
    select * from {{ ref('fct_opportunities') }}
),

stage_entries as (
    select * from {{ ref('fct_opportunity_stages') }}
),

pipeline_stages as (
    select * from {{ ref('stg_crm__pipeline_stages') }}
),

created_deals as (
    select
        opportunity_id,
        created_month
    from deals
    where is_created_by_as_of
),

{# How far each deal got by now in each pipeline it was in: the highest
    stage_order among its entries of that pipeline that are not closed_lost
    ('unknown' entries belong to no pipeline). A deal reached every stage of
    that pipeline up to that order: skipped stages count as passed and a won
    deal reached every open stage. A deal with no such entry reached none;
    a deal never reaches a stage of another pipeline. #}
furthest_stages as (
    select
        stage_entries.opportunity_id,
        pipeline_stages.pipeline,
        max(stage_entries.stage_order) as furthest_stage_order
    from stage_entries
    inner join pipeline_stages
        on stage_entries.stage = pipeline_stages.stage
    where
        stage_entries.is_entered_by_as_of
        and not (stage_entries.is_closed_stage and not stage_entries.is_won_stage)
    group by
        stage_entries.opportunity_id,
        pipeline_stages.pipeline
),

{# Each open stage with the stage after it in its pipeline: the next open
    stage, and for the last open stage the won stage. #}
open_stages as (
    select
        pipeline,
        stage,
        stage_order
    from pipeline_stages
    where not is_closed
),

next_stage_orders as (
    select
        open_stages.pipeline,
        open_stages.stage,
        open_stages.stage_order,
        min(later_stages.stage_order) as next_stage_order
    from open_stages
    inner join pipeline_stages as later_stages
        on
            open_stages.pipeline = later_stages.pipeline
            and open_stages.stage_order < later_stages.stage_order
            and (not later_stages.is_closed or later_stages.is_won)
    group by
        open_stages.pipeline,
        open_stages.stage,
        open_stages.stage_order
),

stage_steps as (
    select
        next_stage_orders.pipeline,
        next_stage_orders.stage,
        next_stage_orders.stage_order,
        next_stages.stage as next_stage,
        next_stage_orders.next_stage_order
    from next_stage_orders
    inner join pipeline_stages as next_stages
        on next_stage_orders.next_stage_order = next_stages.stage_order
),

{# One row per deal and pipeline it reached a stage in (one row with no
    pipeline for a deal that reached none). #}
cohorts as (
    select
        created_deals.created_month as month,
        created_deals.opportunity_id,
        furthest_stages.pipeline,
        coalesce(furthest_stages.furthest_stage_order, 0) as furthest_stage_order
    from created_deals
    left join furthest_stages
        on created_deals.opportunity_id = furthest_stages.opportunity_id
),

cohort_sizes as (
    select
        created_month as month,
        count(*) as deals_created
    from created_deals
    group by created_month
),

reached as (
    select
        cohorts.month,
        stage_steps.stage,
        stage_steps.stage_order,
        stage_steps.next_stage,
        sum(
            case
                when
                    cohorts.pipeline = stage_steps.pipeline
                    and cohorts.furthest_stage_order >= stage_steps.stage_order
                    then 1
                else 0
            end
        ) as deals_reached,
        sum(
            case
                when
                    cohorts.pipeline = stage_steps.pipeline
                    and cohorts.furthest_stage_order >= stage_steps.next_stage_order
                    then 1
                else 0
            end
        ) as deals_reached_next
    from cohorts
    cross join stage_steps
    group by
        cohorts.month,
        stage_steps.stage,
        stage_steps.stage_order,
        stage_steps.next_stage
),

with_cohort_sizes as (
    select
        reached.*,
        cohort_sizes.deals_created
    from reached
    inner join cohort_sizes
        on reached.month = cohort_sizes.month
)

select
    month,
    stage,
    cast(stage_order as integer) as stage_order,
    next_stage,
    cast(deals_created as {{ dbt.type_bigint() }}) as deals_created,
    cast(deals_reached as {{ dbt.type_bigint() }}) as deals_reached,
    cast(deals_reached_next as {{ dbt.type_bigint() }}) as deals_reached_next,
    {{ safe_divide('deals_reached_next', 'deals_reached') }} as conversion_to_next,
    {{ safe_divide('deals_reached', 'deals_created') }} as pct_of_created
from with_cohort_sizes
