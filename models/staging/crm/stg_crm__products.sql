with

base as (
    select * from {{ ref('base_crm__products') }}
)

select
    product_id,
    product_name,
    product_line,
    list_price_in_currency,
    currency,
    fx_rate,
    list_price_amount,
    updated_at
from base
where rejection_reason is null and not is_superseded
