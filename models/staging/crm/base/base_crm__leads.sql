{# Incremental (dbt_project.yml, macros/incremental.sql). #}
{{ config(post_hook="{{ delete_records_gone_from_raw('leads', 'lead_id') }}") }}

with

source as (
    select * from {{ crm_source('leads') }}
),

{% if is_incremental() %}
    changed as (
        {{ changed_staging_keys('leads', 'lead_id') }}
    ),
{% endif %}

texts as (
    select
        {{ contract_text_columns('leads') }},
        {{ staging_key('lead_id') }} as staging_key,
        {{ staging_settings('leads') }} as staging_settings
    from source
    {% if is_incremental() %}
        where {{ staging_key('lead_id') }} in (select changed.staging_key from changed)
    {% endif %}
),

parsed as (
    select
        *,
        {{ contract_parsed_columns('leads') }}
    from texts
),

validated as (
    select
        *,
        case
            {{ contract_rejections('leads') }}
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
