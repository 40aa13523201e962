with

invoices as (
    select * from {{ ref('fct_invoices') }}
),

revenue as (
    select
        invoice_month as month,
        product_line,
        sum(invoice_amount) as revenue_amount,
        count(*) as invoice_count,
        count(distinct account_id) as paying_accounts
    from invoices
    where is_invoiced_by_as_of
    group by
        invoice_month,
        product_line
)

select
    month,
    product_line,
    cast(revenue_amount as decimal(18, 2)) as revenue_amount,
    cast(invoice_count as {{ dbt.type_bigint() }}) as invoice_count,
    cast(paying_accounts as {{ dbt.type_bigint() }}) as paying_accounts,
    {{ safe_divide('revenue_amount', 'invoice_count', 'decimal(18, 2)') }} as avg_purchase_value
from revenue
