with

base as (
    select * from {{ ref('base_crm__leads') }}
)

select
    lead_id,
    created_at,
    source_channel,
    campaign_id,
    origin,
    owner_rep_id,
    account_id,
    status,
    first_response_at,
    converted_at,
    opportunity_id,
    updated_at
from base
where rejection_reason is null and not is_superseded
