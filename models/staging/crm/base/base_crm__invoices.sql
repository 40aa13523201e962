with

source as (
    select * from {{ crm_source('invoices') }}
),

fx_rates as (
    select * from {{ ref('stg_crm__fx_rates') }}
),

texts as (
    select
        {{ clean_text('invoice_id') }} as invoice_id,
        {{ clean_text('account_id') }} as account_id,
        {{ clean_text('opportunity_id') }} as opportunity_id,
        {{ clean_text('invoiced_at') }} as invoiced_at_text,
        {{ clean_text('amount') }} as amount_text,
        coalesce(upper({{ clean_text('currency') }}), {{ reporting_currency() }}) as currency,
        {{ clean_text('updated_at') }} as updated_at_text,
        {{ record_key(['invoice_id']) }} as record_key,
        {{ raw_row_text(['invoice_id', 'account_id', 'opportunity_id', 'invoiced_at', 'amount',
            'currency', 'updated_at']) }} as raw_row
    from source
),

parsed as (
    select
        *,
        {{ parse_date('invoiced_at_text') }} as invoice_date,
        {{ parse_decimal('amount_text', 28, 4) }} as amount_in_currency,
        {{ parse_timestamp('updated_at_text') }} as updated_at
    from texts
),

converted as (
    {{ with_fx_rate('parsed', 'parsed.invoice_date') }}
),

validated as (
    select
        *,
        case
            when invoice_id is null then 'missing invoice_id'
            when account_id is null then 'missing account_id'
            when invoiced_at_text is null then 'missing invoiced_at'
            when invoice_date is null then 'unparseable invoiced_at'
            when {{ implausible_year('invoice_date') }} then 'implausible year in invoiced_at'
            when amount_text is null then 'missing amount'
            when amount_in_currency is null then 'unparseable amount'
            when {{ amount_out_of_range('amount_in_currency') }} then 'amount out of range'
            when amount_in_currency < 0 then 'negative amount'
            when fx_rate is null then 'unknown currency'
            when updated_at_text is not null and updated_at is null then 'unparseable updated_at'
            when {{ implausible_year('updated_at') }} then 'implausible year in updated_at'
        end as rejection_reason
    from converted
)

select
    *,
    case
        when not {{ amount_out_of_range('amount_in_currency') }}
            then cast(amount_in_currency * fx_rate as decimal(18, 2))
    end as invoice_amount,
    rejection_reason is null
    and row_number() over (
        partition by rejection_reason is null, invoice_id
        order by updated_at desc nulls last, raw_row asc
    ) > 1 as is_superseded
from validated
