{# Incremental (dbt_project.yml, macros/incremental.sql). #}
{{ config(post_hook="{{ delete_records_gone_from_raw('activities') }}") }}

with

source as (
    select * from {{ crm_source('activities') }}
),

texts as (
    select
        {{ contract_text_columns('activities') }},
        {{ staging_record_columns('activities') }}
    from source
    {{ only_changed_records('activities') }}
),

parsed as (
    select
        *,
        {{ contract_parsed_columns('activities') }}
    from texts
),

validated as (
    select
        *,
        case
            {{ contract_rejections('activities') }}
        end as rejection_reason
    from parsed
)

select
    *,
    rejection_reason is null
    and row_number() over (
        partition by rejection_reason is null, activity_id
        order by updated_at desc nulls last, raw_row asc
    ) > 1 as is_superseded
from validated
