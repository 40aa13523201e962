{# Incremental: a build adds the activities changed since the last build
   (updated_at, or occurred_at when the CRM gives none, within a three-day
   margin for late syncs) and replaces earlier versions by activity_id.
   A raw activity deleted in the CRM stays until dbt build --full-refresh.
   On Spark without Delta it is a table, rebuilt each time (macros/incremental.sql). #}
{{ config(
    materialized=materialization_by_key(),
    unique_key='activity_id',
    incremental_strategy=incremental_strategy_by_key(),
    on_schema_change='fail',
) }}

with

activities as (
    select * from {{ ref('stg_crm__activities') }}
),

changed_activities as (
    select
        *,
        coalesce(updated_at, occurred_at) as changed_at
    from activities
)

select
    activity_id,
    rep_id,
    activity_type,
    occurred_at,
    cast({{ dbt.date_trunc('month', 'occurred_at') }} as date) as activity_month,
    lead_id,
    opportunity_id,
    account_id,
    coalesce(outcome, 'unknown') as outcome,
    changed_at
from changed_activities
{% if is_incremental() %}
    where changed_at >= (
        select {{ dbt.dateadd('day', -3, 'max(changed_at)') }} from {{ this }}
    )
{% endif %}
