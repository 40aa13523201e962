{# Visitors are additive: distinct rows of a day and channel all count. Only a
   row repeating another's values (a re-sync copy) is superseded. #}
with

source as (
    select * from {{ crm_source('web_traffic') }}
),

texts as (
    select
        {{ clean_text('visit_date') }} as visit_date_text,
        {{ clean_text('channel') }} as channel_text,
        {{ clean_text('visitors') }} as visitors_text,
        {{ record_key(['visit_date', 'channel']) }} as record_key,
        {{ raw_row_text(['visit_date', 'channel', 'visitors']) }} as raw_row
    from source
),

parsed as (
    select
        *,
        {{ parse_date('visit_date_text') }} as visit_date,
        {{ channel_label('channel_text') }} as channel,
        {{ parse_integer('visitors_text') }} as visitors
    from texts
),

validated as (
    select
        *,
        case
            when visit_date_text is null then 'missing visit_date'
            when visit_date is null then 'unparseable visit_date'
            when {{ implausible_year('visit_date') }} then 'implausible year in visit_date'
            when visitors_text is null then 'missing visitors'
            when visitors is null then 'unparseable visitors'
            when visitors < 0 then 'negative visitors'
        end as rejection_reason
    from parsed
)

select
    *,
    rejection_reason is null
    and row_number() over (
        partition by rejection_reason is null, visit_date, channel, visitors
        order by raw_row
    ) > 1 as is_superseded
from validated
