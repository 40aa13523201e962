{# Visitors are additive: distinct rows of a day and channel all count. Only a
   row repeating another's values (a re-sync copy) is superseded. #}
{% set contract = contract_table('web_traffic') %}

with

source as (
    select * from {{ crm_source('web_traffic') }}
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
            when visitors < 0 then 'negative visitors'
        end as rejection_reason
    from parsed
)

select
    *,
    rejection_reason is null
    and row_number() over (
        partition by rejection_reason is null, visit_date, channel, visitors
        order by raw_row
    ) > 1 as is_superseded
from validated
