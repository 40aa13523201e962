with

invoices as (
    select * from {{ ref('stg_crm__invoices') }}
),

deals as (
    select * from {{ ref('fct_opportunities') }}
),

invoice_lines as (
    select
        cast({{ dbt.date_trunc('month', 'invoices.invoice_date') }} as date) as month,
        coalesce(deals.product_line, 'unknown') as product_line,
        invoices.account_id,
        invoices.invoice_amount
    from invoices
    left join deals
        on invoices.opportunity_id = deals.opportunity_id
    where invoices.invoice_date <= {{ as_of_date() }}
),

revenue as (
    select
        month,
        product_line,
        sum(invoice_amount) as revenue_amount,
        count(*) as invoice_count,
        count(distinct account_id) as paying_accounts
    from invoice_lines
    group by
        month,
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
