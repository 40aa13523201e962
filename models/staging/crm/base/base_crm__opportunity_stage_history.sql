with

source as (
    select * from {{ crm_source('opportunity_stage_history') }}
),

pipeline_stages as (
    select * from {{ ref('stg_crm__pipeline_stages') }}
),

texts as (
    select
        {{ clean_text('opportunity_id') }} as opportunity_id,
        {{ clean_text('stage') }} as stage_text,
        {{ clean_text('entered_at') }} as entered_at_text,
        {{ record_key(['opportunity_id', 'stage', 'entered_at']) }} as record_key,
        {{ raw_row_text(['opportunity_id', 'stage', 'entered_at']) }} as raw_row
    from source
),

parsed as (
    select
        *,
        {{ normalize_label('stage_text') }} as stage,
        {{ parse_timestamp('entered_at_text') }} as entered_at
    from texts
),

validated as (
    select
        parsed.*,
        case
            when parsed.opportunity_id is null then 'missing opportunity_id'
            when parsed.stage_text is null then 'missing stage'
            when pipeline_stages.stage is null then 'invalid stage'
            when parsed.entered_at_text is null then 'missing entered_at'
            when parsed.entered_at is null then 'unparseable entered_at'
            when {{ implausible_year('parsed.entered_at') }} then 'implausible year in entered_at'
        end as rejection_reason
    from parsed
    left join pipeline_stages
        on parsed.stage = pipeline_stages.stage
)

select
    *,
    rejection_reason is null
    and row_number() over (
        partition by rejection_reason is null, opportunity_id, stage, entered_at
        order by raw_row
    ) > 1 as is_superseded
from validated
