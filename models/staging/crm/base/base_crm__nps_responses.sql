with

source as (
    select * from {{ crm_source('nps_responses') }}
),

texts as (
    select
        {{ clean_text('response_id') }} as response_id,
        {{ clean_text('account_id') }} as account_id,
        {{ clean_text('opportunity_id') }} as opportunity_id,
        {{ clean_text('responded_at') }} as responded_at_text,
        {{ clean_text('score') }} as score_text,
        {{ record_key(['response_id']) }} as record_key,
        {{ raw_row_text(['response_id', 'account_id', 'opportunity_id', 'responded_at', 'score']) }} as raw_row
    from source
),

parsed as (
    select
        *,
        {{ parse_timestamp('responded_at_text') }} as responded_at,
        {{ parse_integer('score_text') }} as score
    from texts
),

validated as (
    select
        *,
        case
            when response_id is null then 'missing response_id'
            when responded_at_text is null then 'missing responded_at'
            when responded_at is null then 'unparseable responded_at'
            when {{ implausible_year('responded_at') }} then 'implausible year in responded_at'
            when score_text is null then 'missing score'
            when score is null then 'unparseable score'
            when score < 0 or score > 10 then 'score out of range'
        end as rejection_reason
    from parsed
)

select
    *,
    rejection_reason is null
    and row_number() over (
        partition by rejection_reason is null, response_id
        order by raw_row
    ) > 1 as is_superseded
from validated
