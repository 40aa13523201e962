{# Every row of HubSpot's stage history (deal_stage), values as text, with
    its stage key and whether it is left out because its deal is (deleted or
    merged: counted in hubspot__deleted_rows).

    A stage id is unique only within its pipeline, so an entry is read in
    the deal's current pipeline; an entry from before the deal moved to
    another pipeline is read in the one pipeline that has the stage id. An
    entry neither finds keeps its raw stage id (staging quarantines it as an
    invalid stage), as does an entry of a deal missing from deal. Every entry
    is kept, so a stage entered again later, or a move back to an earlier
    stage, is a new entry. #}
with

history as (
    select * from {{ source_table('hubspot', 'deal_stage') }}
),

{# One pipeline per deal, even when an export repeats a deal. #}
deals as (
    select
        deal_id,
        min(pipeline_id) as pipeline_id,
        max(case when excluded_as is null then 0 else 1 end) = 1 as is_excluded
    from {{ ref('base_hubspot__deals') }}
    group by deal_id
),

stages as (
    select * from {{ ref('hubspot__pipeline_stages') }}
),

texts as (
    select
        {{ clean_text('deal_id') }} as deal_id,
        {{ clean_text('value') }} as stage_id,
        {{ clean_text('date_entered') }} as entered_at
    from history
)

select
    texts.deal_id,
    texts.stage_id,
    coalesce(own_stages.stage, other_stages.stage, texts.stage_id) as stage,
    texts.entered_at,
    coalesce(deals.is_excluded, false) as is_excluded
from texts
left join deals
    on texts.deal_id = deals.deal_id
left join stages as own_stages
    on
        deals.pipeline_id = own_stages.pipeline_id
        and texts.stage_id = own_stages.stage_id
left join stages as other_stages
    on
        texts.stage_id = other_stages.stage_id
        and other_stages.is_stage_id_unique
