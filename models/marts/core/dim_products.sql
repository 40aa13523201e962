with

products as (
    select * from {{ ref('stg_crm__products') }}
)

select
    product_id,
    coalesce(product_name, 'unknown') as product_name,
    coalesce(product_line, 'unknown') as product_line,
    list_price_amount
from products
