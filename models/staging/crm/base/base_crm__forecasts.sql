{% set contract = contract_table('forecasts') %}

with

source as (
    select * from {{ crm_source('forecasts') }}
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
        when not {{ amount_out_of_range('forecast_in_currency') }}
            then cast(forecast_in_currency * fx_rate as decimal(18, 2))
    end as forecast_amount,
    rejection_reason is null
    and row_number() over (
        partition by rejection_reason is null, rep_id, month, submitted_at
        order by raw_row
    ) > 1 as is_superseded
from validated
