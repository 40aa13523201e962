with

source as (
    select * from {{ crm_source('reps') }}
),

texts as (
    select
        {{ clean_text('rep_id') }} as rep_id,
        {{ clean_text('full_name') }} as full_name,
        {{ clean_text('team') }} as team,
        upper({{ clean_text('region') }}) as region,
        {{ clean_text('manager_id') }} as manager_id,
        {{ clean_text('hired_at') }} as hired_at_text,
        {{ clean_text('left_at') }} as left_at_text,
        {{ clean_text('updated_at') }} as updated_at_text,
        {{ record_key(['rep_id']) }} as record_key,
        {{ raw_row_text(['rep_id', 'full_name', 'email', 'team', 'region', 'manager_id',
            'hired_at', 'left_at', 'updated_at']) }} as raw_row
    from source
),

parsed as (
    select
        *,
        {{ parse_date('hired_at_text') }} as hired_date,
        {{ parse_date('left_at_text') }} as left_date,
        {{ parse_timestamp('updated_at_text') }} as updated_at
    from texts
),

validated as (
    select
        *,
        case
            when rep_id is null then 'missing rep_id'
            when hired_at_text is not null and hired_date is null then 'unparseable hired_at'
            when {{ implausible_year('hired_date') }} then 'implausible year in hired_at'
            when left_at_text is not null and left_date is null then 'unparseable left_at'
            when {{ implausible_year('left_date') }} then 'implausible year in left_at'
            when updated_at_text is not null and updated_at is null then 'unparseable updated_at'
            when {{ implausible_year('updated_at') }} then 'implausible year in updated_at'
        end as rejection_reason
    from parsed
)

select
    *,
    rejection_reason is null
    and row_number() over (
        partition by rejection_reason is null, rep_id
        order by updated_at desc nulls last, raw_row asc
    ) > 1 as is_superseded
from validated
