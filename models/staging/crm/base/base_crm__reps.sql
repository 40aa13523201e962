{% set contract = contract_table('reps') %}

with

source as (
    select * from {{ crm_source('reps') }}
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
        end as rejection_reason
    from parsed
)

select
    *,
    rejection_reason is null
    and row_number() over (
        partition by rejection_reason is null, rep_id
        order by updated_at desc nulls last, raw_row asc
    ) > 1 as is_superseded
from validated
