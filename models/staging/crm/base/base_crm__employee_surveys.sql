with

source as (
    select * from {{ crm_source('employee_surveys') }}
),

texts as (
    select
        {{ clean_text('response_id') }} as response_id,
        {{ clean_text('rep_id') }} as rep_id,
        {{ clean_text('surveyed_at') }} as surveyed_at_text,
        {{ clean_text('score') }} as score_text,
        {{ record_key(['response_id']) }} as record_key,
        {{ raw_row_text(['response_id', 'rep_id', 'surveyed_at', 'score']) }} as raw_row
    from source
),

parsed as (
    select
        *,
        {{ parse_timestamp('surveyed_at_text') }} as surveyed_at,
        {{ parse_integer('score_text') }} as score
    from texts
),

validated as (
    select
        *,
        case
            when response_id is null then 'missing response_id'
            when rep_id is null then 'missing rep_id'
            when surveyed_at_text is null then 'missing surveyed_at'
            when surveyed_at is null then 'unparseable surveyed_at'
            when {{ implausible_year('surveyed_at') }} then 'implausible year in surveyed_at'
            when score_text is null then 'missing score'
            when score is null then 'unparseable score'
            when score < 1 or score > 5 then 'score out of range'
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
