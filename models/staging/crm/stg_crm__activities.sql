with

base as (
    select * from {{ ref('base_crm__activities') }}
)

select
    activity_id,
    rep_id,
    activity_type,
    occurred_at,
    lead_id,
    opportunity_id,
    account_id,
    outcome,
    updated_at
from base
where rejection_reason is null and not is_superseded
