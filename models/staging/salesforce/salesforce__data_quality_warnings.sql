{# Warnings of the Salesforce mapping, unioned into
    audit_data_quality_warnings (record_key as staging keys the row):
    - a deal whose IsClosed or IsWon disagrees with its stage: closed and
      won come from the stage, as Salesforce derives IsClosed and IsWon; the
      stage wins and the row is listed here, one row per flag;
    - a closed deal with a CloseDate before the day it was created: created
      and closed at 00:00 of its CloseDate;
    - a stage-history entry added for a deal whose current stage is not its
      last stage in OpportunityHistory. #}
with

opportunities as (
    select
        {{ clean_text('id') }} as opportunity_id,
        {{ clean_text('stage_name') }} as stage_name,
        {{ clean_text('is_closed') }} as is_closed_text,
        {{ clean_text('is_won') }} as is_won_text,
        {{ salesforce_flag('is_closed') }} as is_closed_flag,
        {{ salesforce_flag('is_won') }} as is_won_flag,
        {{ clean_text('created_date') }} as created_date_text
    from {{ ref('base_salesforce__opportunity') }}
    where not {{ salesforce_is_deleted() }}
),

pipeline_stages as (
    select * from {{ ref('salesforce__pipeline_stages') }}
),

mapped_opportunities as (
    select * from {{ ref('salesforce__opportunities') }}
),

stage_entries as (
    select * from {{ ref('salesforce__opportunity_stage_entries') }}
),

staged_flags as (
    select
        opportunities.*,
        pipeline_stages.stage,
        pipeline_stages.is_closed,
        pipeline_stages.is_won
    from opportunities
    inner join pipeline_stages
        on {{ normalize_label('opportunities.stage_name') }} = pipeline_stages.stage
)

select
    'opportunities' as source_table,
    {{ record_key(['opportunity_id']) }} as record_key,
    'is_closed' as column_name,
    is_closed_text as column_value,
    'disagrees with stage ' || stage || ': closed and won come from the stage, as Salesforce derives'
    || ' IsClosed and IsWon; the stage wins' as warning
from staged_flags
where is_closed_text is not null and is_closed_flag <> is_closed

union all

select
    'opportunities' as source_table,
    {{ record_key(['opportunity_id']) }} as record_key,
    'is_won' as column_name,
    is_won_text as column_value,
    'disagrees with stage ' || stage || ': closed and won come from the stage, as Salesforce derives'
    || ' IsClosed and IsWon; the stage wins' as warning
from staged_flags
where is_won_text is not null and is_won_flag <> is_won

union all

select distinct
    'opportunities' as source_table,
    {{ record_key(['mapped_opportunities.opportunity_id']) }} as record_key,
    'created_at' as column_name,
    opportunities.created_date_text as column_value,
    'CloseDate ' || mapped_opportunities.expected_close_date || ' before the day the deal was created:'
    || ' read as created and closed at 00:00 of its CloseDate' as warning
from mapped_opportunities
inner join opportunities
    on mapped_opportunities.opportunity_id = opportunities.opportunity_id
where mapped_opportunities.created_at <> opportunities.created_date_text

union all

select
    'opportunity_stage_history' as source_table,
    {{ record_key(['opportunity_id', 'stage', 'entered_at']) }} as record_key,
    'stage' as column_name,
    stage as column_value,
    'the deal''s current stage is not its last stage in OpportunityHistory: entry added at '
    || entered_at as warning
from stage_entries
where is_added_current_stage
