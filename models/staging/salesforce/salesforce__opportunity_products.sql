{# The product of each deal: the product of its largest line item by
    TotalPrice (a line item without one counts as the smallest); between
    equal line items, the lowest line item Id, then the lowest product Id. #}
with

line_items as (
    select
        {{ clean_text('opportunity_id') }} as opportunity_id,
        {{ clean_text('product_2_id') }} as product_id,
        {{ clean_text('id') }} as line_item_id,
        {{ parse_decimal(clean_text('total_price'), 28, 4) }} as total_price
    from {{ ref('base_salesforce__opportunity_line_item') }}
    where not {{ salesforce_is_deleted() }}
),

ranked as (
    select
        opportunity_id,
        product_id,
        row_number() over (
            partition by opportunity_id
            order by total_price desc nulls last, line_item_id asc nulls last, product_id asc
        ) as size_rank
    from line_items
    where opportunity_id is not null and product_id is not null
)

select
    opportunity_id,
    product_id
from ranked
where size_rank = 1
