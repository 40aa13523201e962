{% set contract = contract_table('fx_rates') %}

with

source as (
    select * from {{ crm_source('fx_rates') }}
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

validated as (
    select
        *,
        case
            {{ contract_rejections(contract) }}
            when rate_to_reporting <= 0 then 'invalid rate_to_reporting'
        end as rejection_reason
    from parsed
)

select
    *,
    rejection_reason is null
    and row_number() over (
        partition by rejection_reason is null, currency, rate_date
        order by raw_row
    ) > 1 as is_superseded
from validated
