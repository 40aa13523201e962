with

base as (
    select * from {{ ref('base_crm__nps_responses') }}
)

select
    response_id,
    account_id,
    opportunity_id,
    responded_at,
    score
from base
where rejection_reason is null and not is_superseded
