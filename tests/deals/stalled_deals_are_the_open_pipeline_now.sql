{# The deals in kpi_stalled_deals are exactly the pipeline open now: as many
    per stage as kpi_stage_distribution shows at the end of the as_of month. #}
with

stalled as (
    select * from {{ ref('kpi_stalled_deals') }}
),

distribution as (
    select * from {{ ref('kpi_stage_distribution') }}
),

stalled_by_stage as (
    select
        stage,
        count(*) as open_count
    from stalled
    group by stage
),

open_now as (
    select
        stage,
        open_count
    from distribution
    where month = cast({{ dbt.date_trunc('month', as_of_date()) }} as date)
)

select
    coalesce(stalled_by_stage.stage, open_now.stage) as stage,
    stalled_by_stage.open_count as stalled_view_count,
    open_now.open_count as distribution_count
from stalled_by_stage
full outer join open_now
    on stalled_by_stage.stage = open_now.stage
where
    stalled_by_stage.open_count is null
    or open_now.open_count is null
    or stalled_by_stage.open_count <> open_now.open_count
