{# Customer lifetime value over the 12 months ending with each month, per
    account segment and for all accounts together (segment 'all'), so that
    kpi_customer_lifetime_value (the segments) and
    kpi_customer_acquisition_cost (the overall value) share one computation.
    Window = the trailing_12_months period of int_customer_periods: invoices
    dated from its first day to its end_snapshot_date; customers counted as in
    the year periods of kpi_customer_retention (at the start: on the day before
    the window; churned: those not customers on its last day). The ratios are
    computed from the summed parts, not from each other's rounded values. #}
with

periods as (
    select * from {{ ref('int_customer_periods') }}
    where period_type = 'trailing_12_months'
),

states as (
    select * from {{ ref('int_customer_period_states') }}
    where period_type = 'trailing_12_months'
),

invoices as (
    select * from {{ ref('stg_crm__invoices') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
),

account_invoices as (
    select
        periods.period_start,
        invoices.account_id,
        sum(invoices.invoice_amount) as revenue_amount,
        count(*) as invoice_count
    from periods
    inner join invoices
        on
            periods.period_start <= invoices.invoice_date
            and periods.end_snapshot_date >= invoices.invoice_date
    group by
        periods.period_start,
        invoices.account_id
),

window_accounts as (
    select
        period_start,
        account_id
    from account_invoices

    union

    select
        period_start,
        account_id
    from states
),

{# One row per window and account: what it paid and whether it churned. #}
account_parts as (
    select
        window_accounts.period_start,
        window_accounts.account_id,
        coalesce(accounts.segment, 'unknown') as segment,
        coalesce(account_invoices.revenue_amount, 0) as revenue_amount,
        coalesce(account_invoices.invoice_count, 0) as invoice_count,
        case when account_invoices.invoice_count > 0 then 1 else 0 end as is_paying,
        case when states.is_customer_at_start then 1 else 0 end as is_customer_at_start,
        case when states.is_churned_customer then 1 else 0 end as is_churned
    from window_accounts
    left join account_invoices
        on
            window_accounts.period_start = account_invoices.period_start
            and window_accounts.account_id = account_invoices.account_id
    left join states
        on
            window_accounts.period_start = states.period_start
            and window_accounts.account_id = states.account_id
    left join accounts
        on window_accounts.account_id = accounts.account_id
),

segment_parts as (
    select
        period_start,
        segment,
        sum(revenue_amount) as revenue_amount,
        sum(invoice_count) as invoice_count,
        sum(is_paying) as paying_accounts,
        sum(is_customer_at_start) as customers_at_start,
        sum(is_churned) as churned_customers
    from account_parts
    group by
        period_start,
        segment

    union all

    select
        period_start,
        'all' as segment,
        sum(revenue_amount) as revenue_amount,
        sum(invoice_count) as invoice_count,
        sum(is_paying) as paying_accounts,
        sum(is_customer_at_start) as customers_at_start,
        sum(is_churned) as churned_customers
    from account_parts
    group by period_start
),

with_months as (
    select
        cast({{ dbt.date_trunc('month', 'periods.end_snapshot_date') }} as date) as month,
        segment_parts.*
    from segment_parts
    inner join periods
        on segment_parts.period_start = periods.period_start
)

select
    month,
    segment,
    period_start as window_start_date,
    cast(revenue_amount as decimal(18, 2)) as revenue_amount,
    cast(invoice_count as {{ dbt.type_bigint() }}) as invoice_count,
    cast(paying_accounts as {{ dbt.type_bigint() }}) as paying_accounts,
    cast(customers_at_start as {{ dbt.type_bigint() }}) as customers_at_start,
    cast(churned_customers as {{ dbt.type_bigint() }}) as churned_customers,
    {{ safe_divide('revenue_amount', 'invoice_count', 'decimal(18, 2)') }} as avg_purchase_value,
    {{ safe_divide('invoice_count', 'paying_accounts', 'decimal(18, 6)') }} as purchases_per_customer_per_year,
    {{ safe_divide('churned_customers', 'customers_at_start') }} as annual_churn_rate,
    {{ safe_divide('customers_at_start', 'churned_customers', 'decimal(18, 6)') }} as expected_lifetime_years,
    {{ safe_divide('revenue_amount * customers_at_start', 'paying_accounts * churned_customers', 'decimal(18, 2)') }}
        as customer_lifetime_value
from with_months
