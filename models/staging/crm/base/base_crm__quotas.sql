with

source as (
    select * from {{ crm_source('quotas') }}
),

fx_rates as (
    select * from {{ ref('stg_crm__fx_rates') }}
),

texts as (
    select
        {{ clean_text('rep_id') }} as rep_id,
        {{ clean_text('month') }} as month_text,
        {{ clean_text('quota_amount') }} as quota_amount_text,
        coalesce(upper({{ clean_text('currency') }}), {{ reporting_currency() }}) as currency,
        {{ record_key(['rep_id', 'month']) }} as record_key,
        {{ raw_row_text(['rep_id', 'month', 'quota_amount', 'currency']) }} as raw_row
    from source
),

parsed as (
    select
        *,
        cast({{ dbt.date_trunc('month', parse_date('month_text')) }} as date) as month,
        {{ parse_decimal('quota_amount_text', 28, 4) }} as quota_in_currency
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
            when quota_amount_text is null then 'missing quota_amount'
            when quota_in_currency is null then 'unparseable quota_amount'
            when {{ amount_out_of_range('quota_in_currency') }} then 'quota_amount out of range'
            when quota_in_currency < 0 then 'negative quota_amount'
            when fx_rate is null then 'unknown currency'
        end as rejection_reason
    from converted
)

select
    *,
    case
        when not {{ amount_out_of_range('quota_in_currency') }}
            then cast(quota_in_currency * fx_rate as decimal(18, 2))
    end as quota_amount,
    rejection_reason is null
    and row_number() over (
        partition by rejection_reason is null, rep_id, month
        order by raw_row
    ) > 1 as is_superseded
from validated
