with

source as (
    select * from {{ crm_source('accounts') }}
),

texts as (
    select
        {{ clean_text('account_id') }} as account_id,
        {{ clean_text('account_name') }} as account_name,
        {{ clean_text('industry') }} as industry,
        {{ clean_text('segment') }} as segment_text,
        upper({{ clean_text('country') }}) as country,
        {{ clean_text('owner_rep_id') }} as owner_rep_id,
        {{ clean_text('created_at') }} as created_at_text,
        {{ clean_text('updated_at') }} as updated_at_text,
        {{ record_key(['account_id']) }} as record_key,
        {{ raw_row_text(['account_id', 'account_name', 'industry', 'segment', 'country',
            'owner_rep_id', 'created_at', 'updated_at']) }} as raw_row
    from source
),

parsed as (
    select
        *,
        {{ known_label('segment_text', ['smb', 'mid_market', 'enterprise']) }} as segment,
        {{ parse_timestamp('created_at_text') }} as created_at,
        {{ parse_timestamp('updated_at_text') }} as updated_at
    from texts
),

validated as (
    select
        *,
        case
            when account_id is null then 'missing account_id'
            when created_at_text is not null and created_at is null then 'unparseable created_at'
            when {{ implausible_year('created_at') }} then 'implausible year in created_at'
            when updated_at_text is not null and updated_at is null then 'unparseable updated_at'
            when {{ implausible_year('updated_at') }} then 'implausible year in updated_at'
        end as rejection_reason
    from parsed
)

select
    *,
    rejection_reason is null
    and row_number() over (
        partition by rejection_reason is null, account_id
        order by updated_at desc nulls last, raw_row asc
    ) > 1 as is_superseded
from validated
