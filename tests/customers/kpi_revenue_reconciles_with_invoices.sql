{# kpi_revenue neither loses nor duplicates invoices: its totals equal the
    staged invoices dated up to as_of. Returns a row when they differ. #}
with

revenue as (
    select * from {{ ref('kpi_revenue') }}
),

invoices as (
    select * from {{ ref('stg_crm__invoices') }}
    where invoice_date <= {{ as_of_date() }}
),

revenue_totals as (
    select
        coalesce(sum(revenue_amount), 0) as revenue_amount,
        coalesce(sum(invoice_count), 0) as invoice_count
    from revenue
),

invoice_totals as (
    select
        coalesce(sum(invoice_amount), 0) as revenue_amount,
        count(*) as invoice_count
    from invoices
),

mismatches as (
    select
        revenue_totals.revenue_amount,
        invoice_totals.revenue_amount as invoiced_amount,
        revenue_totals.invoice_count,
        invoice_totals.invoice_count as invoices
    from revenue_totals
    cross join invoice_totals
    where
        revenue_totals.revenue_amount <> invoice_totals.revenue_amount
        or revenue_totals.invoice_count <> invoice_totals.invoice_count
)

select * from mismatches
