{# Incremental (dbt_project.yml, macros/incremental.sql). #}
{{ config(post_hook="{{ delete_records_gone_from_raw('leads') }}") }}
{% set contract = contract_table('leads') %}

with

source as (
    select * from {{ crm_source('leads') }}
),

texts as (
    select
        {{ contract_text_columns(contract) }},
        {{ staging_record_columns(contract) }}
    from source
    {{ only_changed_records(contract) }}
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
        partition by rejection_reason is null, lead_id
        order by updated_at desc nulls last, raw_row asc
    ) > 1 as is_superseded
from validated
