with

base as (
    select * from {{ ref('base_crm__opportunity_stage_history') }}
)

select
    opportunity_id,
    stage,
    entered_at
from base
where rejection_reason is null and not is_superseded
