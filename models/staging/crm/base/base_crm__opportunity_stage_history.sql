{# Incremental (dbt_project.yml, macros/incremental.sql): a deal's stage
   entries are one record, staged again whole when any of them changed. #}
{{ config(post_hook="{{ delete_records_gone_from_raw('opportunity_stage_history') }}") }}
{% set contract = contract_table('opportunity_stage_history') %}

with

source as (
    select * from {{ crm_source('opportunity_stage_history') }}
),

pipeline_stages as (
    select * from {{ ref('stg_crm__pipeline_stages') }}
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

staged as (
    select
        parsed.*,
        pipeline_stages.stage is not null as is_known_stage
    from parsed
    left join pipeline_stages
        on parsed.stage = pipeline_stages.stage
),

validated as (
    select
        *,
        case
            {{ contract_rejections(contract) }}
            when not is_known_stage then 'invalid stage'
        end as rejection_reason
    from staged
)

select
    *,
    rejection_reason is null
    and row_number() over (
        partition by rejection_reason is null, opportunity_id, stage, entered_at
        order by raw_row
    ) > 1 as is_superseded
from validated
