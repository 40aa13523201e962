{% set contract = contract_table('nps_responses') %}

with

source as (
    select * from {{ crm_source('nps_responses') }}
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
            when score < 0 or score > 10 then 'score out of range'
        end as rejection_reason
    from parsed
)

select
    *,
    rejection_reason is null
    and row_number() over (
        partition by rejection_reason is null, response_id
        order by raw_row
    ) > 1 as is_superseded
from validated
