with

source as (
    select * from {{ crm_source('forecasts') }}
),

fx_rates as (
    select * from {{ ref('stg_crm__fx_rates') }}
),

texts as (
    select
        {{ clean_text('rep_id') }} as rep_id,
        {{ clean_text('month') }} as month_text,
        {{ clean_text('forecast_amount') }} as forecast_amount_text,
        coalesce(upper({{ clean_text('currency') }}), {{ reporting_currency() }}) as currency,
        {{ clean_text('submitted_at') }} as submitted_at_text,
        {{ record_key(['rep_id', 'month', 'submitted_at']) }} as record_key,
        {{ raw_row_text(['rep_id', 'month', 'forecast_amount', 'currency', 'submitted_at']) }} as raw_row
    from source
),

parsed as (
    select
        *,
        cast({{ dbt.date_trunc('month', parse_date('month_text')) }} as date) as month,
        {{ parse_decimal('forecast_amount_text', 28, 4) }} as forecast_in_currency,
        {{ parse_timestamp('submitted_at_text') }} as submitted_at
    from texts
),

converted as (
    {{ with_fx_rate('parsed', 'parsed.month') }}
),

validated as (
    select
        *,
        case
            when rep_id is null then 'missing rep_id'
            when month_text is null then 'missing month'
            when month is null then 'unparseable month'
            when {{ implausible_year('month') }} then 'implausible year in month'
            when forecast_amount_text is null then 'missing forecast_amount'
            when forecast_in_currency is null then 'unparseable forecast_amount'
            when {{ amount_out_of_range('forecast_in_currency') }} then 'forecast_amount out of range'
            when forecast_in_currency < 0 then 'negative forecast_amount'
            when fx_rate is null then 'unknown currency'
            when submitted_at_text is null then 'missing submitted_at'
            when submitted_at is null then 'unparseable submitted_at'
            when {{ implausible_year('submitted_at') }} then 'implausible year in submitted_at'
        end as rejection_reason
    from converted
)

select
    *,
    case
        when not {{ amount_out_of_range('forecast_in_currency') }}
            then cast(forecast_in_currency * fx_rate as decimal(18, 2))
    end as forecast_amount,
    rejection_reason is null
    and row_number() over (
        partition by rejection_reason is null, rep_id, month, submitted_at
        order by raw_row
    ) > 1 as is_superseded
from validated
