{# Summed over reps, the weighted pipeline's open deals are the stage
    distribution's, month by month and stage by stage. #}
with

weighted as (
    select * from {{ ref('kpi_weighted_pipeline') }}
),

distribution as (
    select * from {{ ref('kpi_stage_distribution') }}
),

weighted_by_stage as (
    select
        month,
        stage,
        sum(open_count) as open_count,
        sum(open_amount) as open_amount
    from weighted
    group by
        month,
        stage
)

select
    coalesce(weighted_by_stage.month, distribution.month) as month,
    coalesce(weighted_by_stage.stage, distribution.stage) as stage
from weighted_by_stage
full outer join distribution
    on
        weighted_by_stage.month = distribution.month
        and weighted_by_stage.stage = distribution.stage
where
    weighted_by_stage.open_count is null
    or distribution.open_count is null
    or weighted_by_stage.open_count <> distribution.open_count
    or weighted_by_stage.open_amount <> distribution.open_amount
