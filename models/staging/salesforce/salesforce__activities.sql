{# Salesforce's Task and Event as the contract's activities: the live rows
    of salesforce__tasks_and_events. #}
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
from {{ ref('salesforce__tasks_and_events') }}
where not is_deleted
