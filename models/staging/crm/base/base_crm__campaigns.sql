with

source as (
    select * from {{ crm_source('campaigns') }}
),

fx_rates as (
    select * from {{ ref('stg_crm__fx_rates') }}
),

texts as (
    select
        {{ clean_text('campaign_id') }} as campaign_id,
        {{ clean_text('campaign_name') }} as campaign_name,
        {{ clean_text('channel') }} as channel_text,
        {{ clean_text('started_at') }} as started_at_text,
        {{ clean_text('ended_at') }} as ended_at_text,
        {{ clean_text('budget') }} as budget_text,
        coalesce(upper({{ clean_text('currency') }}), {{ reporting_currency() }}) as currency,
        {{ clean_text('updated_at') }} as updated_at_text,
        {{ record_key(['campaign_id']) }} as record_key,
        {{ raw_row_text(['campaign_id', 'campaign_name', 'channel', 'started_at', 'ended_at',
            'budget', 'currency', 'updated_at']) }} as raw_row
    from source
),

parsed as (
    select
        *,
        {{ channel_label('channel_text') }} as channel,
        {{ parse_date('started_at_text') }} as start_date,
        {{ parse_date('ended_at_text') }} as end_date,
        {{ parse_decimal('budget_text', 28, 4) }} as budget_in_currency,
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
            when campaign_id is null then 'missing campaign_id'
            when started_at_text is null then 'missing started_at'
            when start_date is null then 'unparseable started_at'
            when {{ implausible_year('start_date') }} then 'implausible year in started_at'
            when ended_at_text is not null and end_date is null then 'unparseable ended_at'
            when {{ implausible_year('end_date') }} then 'implausible year in ended_at'
            when budget_text is not null and budget_in_currency is null then 'unparseable budget'
            when {{ amount_out_of_range('budget_in_currency') }} then 'budget out of range'
            when budget_in_currency < 0 then 'negative budget'
            when fx_rate is null then 'unknown currency'
            when updated_at_text is not null and updated_at is null then 'unparseable updated_at'
            when {{ implausible_year('updated_at') }} then 'implausible year in updated_at'
        end as rejection_reason
    from converted
)

select
    *,
    case
        when not {{ amount_out_of_range('budget_in_currency') }}
            then cast(budget_in_currency * fx_rate as decimal(18, 2))
    end as budget_amount,
    rejection_reason is null
    and row_number() over (
        partition by rejection_reason is null, campaign_id
        order by updated_at desc nulls last, raw_row asc
    ) > 1 as is_superseded
from validated
