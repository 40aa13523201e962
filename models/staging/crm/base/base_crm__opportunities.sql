{# Incremental (dbt_project.yml, macros/incremental.sql). #}
{{ config(post_hook="{{ delete_records_gone_from_raw('opportunities') }}") }}
{% set contract = contract_table('opportunities') %}

with

source as (
    select * from {{ crm_source('opportunities') }}
),

fx_rates as (
    select * from {{ ref('stg_crm__fx_rates') }}
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
        pipeline_stages.stage is not null as is_known_stage,
        coalesce(pipeline_stages.is_closed, false) as is_closed,
        coalesce(pipeline_stages.is_won, false) as is_won,
        -- closed_at only means something on a closed deal; on an open deal it
        -- is ignored (and listed in audit_data_quality_warnings).
        case when pipeline_stages.is_closed then parsed.parsed_closed_at end as closed_at
    from parsed
    left join pipeline_stages
        on parsed.stage = pipeline_stages.stage
),

{# The amount converts at the deal's close date: closed_at, or
    expected_close_date while open (created_at when neither is known). #}
converted as (
    {{ with_fx_rate(
        'staged',
        'cast(coalesce(staged.closed_at, staged.expected_close_date, staged.created_at) as date)',
    ) }}
),

validated as (
    select
        *,
        case
            {{ contract_rejections(contract) }}
            when not is_known_stage then 'invalid stage'
            when is_closed and closed_at is null then 'missing closed_at'
            when closed_at < created_at then 'closed_at before created_at'
            when is_closed and amount_in_currency is null then 'missing amount'
        end as rejection_reason
    from converted
)

select
    *,
    case
        when not {{ amount_out_of_range('amount_in_currency') }}
            then cast(amount_in_currency * fx_rate as decimal(18, 2))
    end as amount,
    rejection_reason is null
    and row_number() over (
        partition by rejection_reason is null, opportunity_id
        order by updated_at desc nulls last, raw_row asc
    ) > 1 as is_superseded
from validated
