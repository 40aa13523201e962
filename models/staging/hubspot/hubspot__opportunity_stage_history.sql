{# The input contract's opportunity_stage_history: HubSpot's deal_stage, one
    row each time a deal entered a stage, stage as its conformed key (see
    base_hubspot__deal_stages); entries of deleted or merged deals left out. #}
with

entries as (
    select * from {{ ref('base_hubspot__deal_stages') }}
    where not is_excluded
)

select
    deal_id as opportunity_id,
    stage,
    entered_at
from entries
