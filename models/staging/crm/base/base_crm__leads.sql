with

source as (
    select * from {{ crm_source('leads') }}
),

texts as (
    select
        {{ clean_text('lead_id') }} as lead_id,
        {{ clean_text('created_at') }} as created_at_text,
        {{ clean_text('source_channel') }} as source_channel_text,
        {{ clean_text('campaign_id') }} as campaign_id,
        {{ clean_text('origin') }} as origin_text,
        {{ clean_text('owner_rep_id') }} as owner_rep_id,
        {{ clean_text('account_id') }} as account_id,
        {{ clean_text('status') }} as status_text,
        {{ clean_text('first_response_at') }} as first_response_at_text,
        {{ clean_text('converted_at') }} as converted_at_text,
        {{ clean_text('opportunity_id') }} as opportunity_id,
        {{ clean_text('updated_at') }} as updated_at_text,
        {{ record_key(['lead_id']) }} as record_key,
        {{ raw_row_text(['lead_id', 'created_at', 'source_channel', 'campaign_id', 'origin',
            'owner_rep_id', 'account_id', 'email', 'status', 'first_response_at',
            'converted_at', 'opportunity_id', 'updated_at']) }} as raw_row
    from source
),

parsed as (
    select
        *,
        {{ parse_timestamp('created_at_text') }} as created_at,
        {{ channel_label('source_channel_text') }} as source_channel,
        {{ known_label('origin_text', ['marketing', 'sales']) }} as origin,
        {{ known_label('status_text', ['new', 'working', 'qualified', 'disqualified', 'converted']) }} as status,
        {{ parse_timestamp('first_response_at_text') }} as first_response_at,
        {{ parse_timestamp('converted_at_text') }} as converted_at,
        {{ parse_timestamp('updated_at_text') }} as updated_at
    from texts
),

validated as (
    select
        *,
        case
            when lead_id is null then 'missing lead_id'
            when created_at_text is null then 'missing created_at'
            when created_at is null then 'unparseable created_at'
            when {{ implausible_year('created_at') }} then 'implausible year in created_at'
            when first_response_at_text is not null and first_response_at is null
                then 'unparseable first_response_at'
            when {{ implausible_year('first_response_at') }} then 'implausible year in first_response_at'
            when converted_at_text is not null and converted_at is null
                then 'unparseable converted_at'
            when {{ implausible_year('converted_at') }} then 'implausible year in converted_at'
            when updated_at_text is not null and updated_at is null then 'unparseable updated_at'
            when {{ implausible_year('updated_at') }} then 'implausible year in updated_at'
        end as rejection_reason
    from parsed
)

select
    *,
    rejection_reason is null
    and row_number() over (
        partition by rejection_reason is null, lead_id
        order by updated_at desc nulls last, raw_row asc
    ) > 1 as is_superseded
from validated
