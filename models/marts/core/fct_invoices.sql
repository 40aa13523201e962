{# Invoices with the product line of their deal and the segment of their
    account (the dimensions revenue is reported by), and whether they were
    dated by now (on or before the as_of date). #}
with

invoices as (
    select * from {{ ref('stg_crm__invoices') }}
),

deals as (
    select * from {{ ref('fct_opportunities') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
)

select
    invoices.invoice_id,
    invoices.account_id,
    invoices.opportunity_id,
    coalesce(deals.product_line, 'unknown') as product_line,
    coalesce(accounts.segment, 'unknown') as segment,
    invoices.invoice_date,
    cast({{ dbt.date_trunc('month', 'invoices.invoice_date') }} as date) as invoice_month,
    invoices.invoice_date <= {{ as_of_date() }} as is_invoiced_by_as_of,
    invoices.invoice_amount,
    invoices.amount_in_currency,
    invoices.currency
from invoices
left join deals
    on invoices.opportunity_id = deals.opportunity_id
left join accounts
    on invoices.account_id = accounts.account_id
