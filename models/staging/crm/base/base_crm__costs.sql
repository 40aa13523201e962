{# Costs are additive: distinct spend lines of a month, category and channel
   all count. Only a line repeating another's values (a re-sync copy) is
   superseded. #}
with

source as (
    select * from {{ crm_source('costs') }}
),

fx_rates as (
    select * from {{ ref('stg_crm__fx_rates') }}
),

texts as (
    select
        {{ clean_text('month') }} as month_text,
        {{ clean_text('cost_category') }} as cost_category_text,
        {{ clean_text('channel') }} as channel_text,
        {{ clean_text('amount') }} as amount_text,
        coalesce(upper({{ clean_text('currency') }}), {{ reporting_currency() }}) as currency,
        {{ record_key(['month', 'cost_category', 'channel']) }} as record_key,
        {{ raw_row_text(['month', 'cost_category', 'channel', 'amount', 'currency']) }} as raw_row
    from source
),

parsed as (
    select
        *,
        {{ parse_date('month_text') }} as cost_date,
        cast({{ dbt.date_trunc('month', parse_date('month_text')) }} as date) as month,
        {{ normalize_label('cost_category_text') }} as cost_category,
        {{ channel_label('channel_text') }} as channel,
        {{ parse_decimal('amount_text', 28, 4) }} as amount_in_currency
    from texts
),

converted as (
    {{ with_fx_rate('parsed', 'parsed.month') }}
),

validated as (
    select
        *,
        case
            when month_text is null then 'missing month'
            when month is null then 'unparseable month'
            when {{ implausible_year('month') }} then 'implausible year in month'
            when cost_category_text is null then 'missing cost_category'
            when cost_category not in ('sales', 'marketing') then 'invalid cost_category'
            when amount_text is null then 'missing amount'
            when amount_in_currency is null then 'unparseable amount'
            when {{ amount_out_of_range('amount_in_currency') }} then 'amount out of range'
            when amount_in_currency < 0 then 'negative amount'
            when fx_rate is null then 'unknown currency'
        end as rejection_reason
    from converted
)

select
    *,
    case
        when not {{ amount_out_of_range('amount_in_currency') }}
            then cast(amount_in_currency * fx_rate as decimal(18, 2))
    end as cost_amount,
    rejection_reason is null
    and row_number() over (
        partition by rejection_reason is null, cost_date, cost_category, channel, amount_in_currency, currency
        order by raw_row
    ) > 1 as is_superseded
from validated
