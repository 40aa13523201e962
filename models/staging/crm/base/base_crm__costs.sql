{# Costs are additive: distinct spend lines of a month, category and channel
   all count. Only a line repeating another's values (a re-sync copy) is
   superseded. #}
{% set contract = contract_table('costs') %}

with

source as (
    select * from {{ crm_source('costs') }}
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
        {{ contract_parsed_columns(contract) }},
        -- the line's own date: lines of one month stay apart (is_superseded)
        {{ parse_date('month_text') }} as cost_date
    from texts
),

converted as (
    {{ with_fx_rate('parsed', 'parsed.month') }}
),

validated as (
    select
        *,
        case
            {{ contract_rejections(contract) }}
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
