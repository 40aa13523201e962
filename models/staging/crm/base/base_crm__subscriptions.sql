with

source as (
    select * from {{ crm_source('subscriptions') }}
),

fx_rates as (
    select * from {{ ref('stg_crm__fx_rates') }}
),

texts as (
    select
        {{ clean_text('subscription_id') }} as subscription_id,
        {{ clean_text('account_id') }} as account_id,
        {{ clean_text('product_id') }} as product_id,
        {{ clean_text('opportunity_id') }} as opportunity_id,
        {{ clean_text('started_at') }} as started_at_text,
        {{ clean_text('ended_at') }} as ended_at_text,
        {{ clean_text('mrr') }} as mrr_text,
        coalesce(upper({{ clean_text('currency') }}), {{ reporting_currency() }}) as currency,
        {{ clean_text('updated_at') }} as updated_at_text,
        {{ record_key(['subscription_id']) }} as record_key,
        {{ raw_row_text(['subscription_id', 'account_id', 'product_id', 'opportunity_id',
            'started_at', 'ended_at', 'mrr', 'currency', 'updated_at']) }} as raw_row
    from source
),

parsed as (
    select
        *,
        {{ parse_date('started_at_text') }} as start_date,
        {{ parse_date('ended_at_text') }} as end_date,
        {{ parse_decimal('mrr_text', 28, 4) }} as mrr_in_currency,
        {{ parse_timestamp('updated_at_text') }} as updated_at
    from texts
),

converted as (
    {{ with_fx_rate('parsed', 'parsed.start_date') }}
),

validated as (
    select
        *,
        case
            when subscription_id is null then 'missing subscription_id'
            when account_id is null then 'missing account_id'
            when started_at_text is null then 'missing started_at'
            when start_date is null then 'unparseable started_at'
            when {{ implausible_year('start_date') }} then 'implausible year in started_at'
            when ended_at_text is not null and end_date is null then 'unparseable ended_at'
            when {{ implausible_year('end_date') }} then 'implausible year in ended_at'
            when end_date < start_date then 'ended_at before started_at'
            when mrr_text is null then 'missing mrr'
            when mrr_in_currency is null then 'unparseable mrr'
            when {{ amount_out_of_range('mrr_in_currency') }} then 'mrr out of range'
            when mrr_in_currency < 0 then 'negative mrr'
            when fx_rate is null then 'unknown currency'
            when updated_at_text is not null and updated_at is null then 'unparseable updated_at'
            when {{ implausible_year('updated_at') }} then 'implausible year in updated_at'
        end as rejection_reason
    from converted
)

select
    *,
    case
        when not {{ amount_out_of_range('mrr_in_currency') }}
            then cast(mrr_in_currency * fx_rate as decimal(18, 2))
    end as mrr_amount,
    rejection_reason is null
    and row_number() over (
        partition by rejection_reason is null, subscription_id
        order by updated_at desc nulls last, raw_row asc
    ) > 1 as is_superseded
from validated
