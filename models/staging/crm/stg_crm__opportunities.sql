with

base as (
    select * from {{ ref('base_crm__opportunities') }}
)

select
    opportunity_id,
    account_id,
    lead_id,
    owner_rep_id,
    product_id,
    opportunity_type,
    amount_in_currency,
    currency,
    fx_rate,
    amount,
    created_at,
    expected_close_date,
    closed_at,
    stage,
    is_closed,
    is_won,
    loss_reason,
    updated_at
from base
where rejection_reason is null and not is_superseded
