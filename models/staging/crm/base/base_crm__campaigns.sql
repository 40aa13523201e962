{% set contract = contract_table('campaigns') %}

with

source as (
    select * from {{ crm_source('campaigns') }}
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
