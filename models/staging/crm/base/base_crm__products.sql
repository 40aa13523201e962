{% set contract = contract_table('products') %}

with

source as (
    select * from {{ crm_source('products') }}
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

{# A list price has no date of its own: it converts at the as_of rate. #}
converted as (
    {{ with_fx_rate('parsed', as_of_date()) }}
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
        when not {{ amount_out_of_range('list_price_in_currency') }}
            then cast(list_price_in_currency * fx_rate as decimal(18, 2))
    end as list_price_amount,
    rejection_reason is null
    and row_number() over (
        partition by rejection_reason is null, product_id
        order by updated_at desc nulls last, raw_row asc
    ) > 1 as is_superseded
from validated
