with

source as (
    select * from {{ crm_source('fx_rates') }}
),

texts as (
    select
        upper({{ clean_text('currency') }}) as currency,
        {{ clean_text('rate_date') }} as rate_date_text,
        {{ clean_text('rate_to_reporting') }} as rate_to_reporting_text,
        {{ record_key(['currency', 'rate_date']) }} as record_key,
        {{ raw_row_text(['currency', 'rate_date', 'rate_to_reporting']) }} as raw_row
    from source
),

parsed as (
    select
        *,
        {{ parse_date('rate_date_text') }} as rate_date,
        {{ parse_decimal('rate_to_reporting_text', 18, 10) }} as rate_to_reporting
    from texts
),

validated as (
    select
        *,
        case
            when currency is null then 'missing currency'
            when rate_date_text is null then 'missing rate_date'
            when rate_date is null then 'unparseable rate_date'
            when {{ implausible_year('rate_date') }} then 'implausible year in rate_date'
            when rate_to_reporting_text is null then 'missing rate_to_reporting'
            when rate_to_reporting is null then 'unparseable rate_to_reporting'
            when rate_to_reporting <= 0 then 'invalid rate_to_reporting'
        end as rejection_reason
    from parsed
)

select
    *,
    rejection_reason is null
    and row_number() over (
        partition by rejection_reason is null, currency, rate_date
        order by raw_row
    ) > 1 as is_superseded
from validated
