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
