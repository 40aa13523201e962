with

base as (
    select * from {{ ref('base_crm__costs') }}
)

select
    cost_date,
    month,
    cost_category,
    channel,
    amount_in_currency,
    currency,
    fx_rate,
    cost_amount
from base
where rejection_reason is null and not is_superseded
