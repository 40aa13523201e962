{# In each cohort, the deals that reached the next open stage are the deals
    that reached it: the funnel is consistent from stage to stage. #}
with

conversion as (
    select * from {{ ref('kpi_stage_conversion') }}
)

select
    this_stage.month,
    this_stage.stage
from conversion as this_stage
inner join conversion as next_stage
    on
        this_stage.month = next_stage.month
        and this_stage.next_stage = next_stage.stage
where this_stage.deals_reached_next <> next_stage.deals_reached
