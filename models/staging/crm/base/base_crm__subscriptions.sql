{% set contract = contract_table('subscriptions') %}

with

source as (
    select * from {{ crm_source('subscriptions') }}
),

fx_rates as (
    select * from {{ ref('stg_crm__fx_rates') }}
),

texts as (
    select
        {{ contract_text_columns(contract) }}
    from source
),

parsed as (
    select
        *,
        {{ contract_parsed_columns(contract) }}
    from texts
),

converted as (
    {{ with_fx_rate('parsed', 'parsed.start_date') }}
),

validated as (
    select
        *,
        case
            {{ contract_rejections(contract) }}
            when end_date < start_date then 'ended_at before started_at'
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
