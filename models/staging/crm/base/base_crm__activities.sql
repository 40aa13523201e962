with

source as (
    select * from {{ crm_source('activities') }}
),

texts as (
    select
        {{ clean_text('activity_id') }} as activity_id,
        {{ clean_text('rep_id') }} as rep_id,
        {{ clean_text('activity_type') }} as activity_type_text,
        {{ clean_text('occurred_at') }} as occurred_at_text,
        {{ clean_text('lead_id') }} as lead_id,
        {{ clean_text('opportunity_id') }} as opportunity_id,
        {{ clean_text('account_id') }} as account_id,
        {{ clean_text('outcome') }} as outcome_text,
        {{ clean_text('updated_at') }} as updated_at_text,
        {{ record_key(['activity_id']) }} as record_key,
        {{ raw_row_text(['activity_id', 'rep_id', 'activity_type', 'occurred_at', 'lead_id',
            'opportunity_id', 'account_id', 'outcome', 'updated_at']) }} as raw_row
    from source
),

parsed as (
    select
        *,
        {{ normalize_label('activity_type_text') }} as activity_type,
        {{ parse_timestamp('occurred_at_text') }} as occurred_at,
        {{ known_label('outcome_text', ['positive', 'negative', 'neutral', 'no_response']) }} as outcome,
        {{ parse_timestamp('updated_at_text') }} as updated_at
    from texts
),

validated as (
    select
        *,
        case
            when activity_id is null then 'missing activity_id'
            when rep_id is null then 'missing rep_id'
            when activity_type_text is null then 'missing activity_type'
            when activity_type not in ('call', 'email', 'meeting', 'demo') then 'invalid activity_type'
            when occurred_at_text is null then 'missing occurred_at'
            when occurred_at is null then 'unparseable occurred_at'
            when {{ implausible_year('occurred_at') }} then 'implausible year in occurred_at'
            when updated_at_text is not null and updated_at is null then 'unparseable updated_at'
            when {{ implausible_year('updated_at') }} then 'implausible year in updated_at'
        end as rejection_reason
    from parsed
)

select
    *,
    rejection_reason is null
    and row_number() over (
        partition by rejection_reason is null, activity_id
        order by updated_at desc nulls last, raw_row asc
    ) > 1 as is_superseded
from validated
