with

base as (
    select * from {{ ref('base_crm__campaigns') }}
)

select
    campaign_id,
    campaign_name,
    channel,
    start_date,
    end_date,
    budget_in_currency,
    currency,
    fx_rate,
    budget_amount,
    updated_at
from base
where rejection_reason is null and not is_superseded
