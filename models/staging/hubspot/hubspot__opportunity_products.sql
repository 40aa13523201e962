{# The product of each deal with line items, by the rule of
    salesforce__opportunity_products: the product of its largest live line
    item by property_amount (a line item without an amount counts as the
    smallest); between equal line items, the lowest line item id, then the
    lowest product id. HubSpot ids are numeric: compared as numbers (a
    shorter id is lower), without casting them. Deleted line items and line
    items without hs_product_id are not read. product_id is HubSpot's
    product id as it is (see the model's description). #}
with

line_items as (
    select
        {{ clean_text('id') }} as line_item_id,
        {{ clean_text('property_hs_product_id') }} as product_id,
        {{ parse_decimal(clean_text('property_amount'), 28, 4) }} as amount
    from {{ source_table('hubspot', 'line_item') }}
    where not {{ hubspot_flag('_fivetran_deleted') }}
),

line_item_deals as (
    select
        {{ clean_text('line_item_id') }} as line_item_id,
        {{ clean_text('deal_id') }} as deal_id
    from {{ source_table('hubspot', 'line_item_deal') }}
),

ranked as (
    select
        line_item_deals.deal_id,
        line_items.product_id,
        row_number() over (
            partition by line_item_deals.deal_id
            order by
                line_items.amount desc nulls last,
                length(line_items.line_item_id) asc,
                line_items.line_item_id asc,
                length(line_items.product_id) asc,
                line_items.product_id asc
        ) as size_rank
    from line_item_deals
    inner join line_items
        on line_item_deals.line_item_id = line_items.line_item_id
    where line_item_deals.deal_id is not null and line_items.product_id is not null
)

select
    deal_id,
    product_id
from ranked
where size_rank = 1
