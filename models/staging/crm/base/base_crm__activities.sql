{# Incremental (dbt_project.yml, macros/incremental.sql). #}
{{ config(post_hook="{{ delete_records_gone_from_raw('activities', 'activity_id') }}") }}

with

source as (
    select * from {{ crm_source('activities') }}
),

{% if is_incremental() %}
    changed as (
        {{ changed_staging_keys('activities', 'activity_id') }}
    ),
{% endif %}

texts as (
    select
        {{ contract_text_columns('activities') }},
        {{ staging_key('activity_id') }} as staging_key,
        {{ staging_settings('activities') }} as staging_settings
    from source
    {% if is_incremental() %}
        where {{ staging_key('activity_id') }} in (select changed.staging_key from changed)
    {% endif %}
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
