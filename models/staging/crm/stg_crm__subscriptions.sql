with

base as (
    select * from {{ ref('base_crm__subscriptions') }}
)

select
    subscription_id,
    account_id,
    product_id,
    opportunity_id,
    start_date,
    end_date,
    mrr_in_currency,
    currency,
    fx_rate,
    mrr_amount,
    updated_at
from base
where rejection_reason is null and not is_superseded
