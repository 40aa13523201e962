with

lifetime_value as (
    select * from {{ ref('int_customer_lifetime_value') }}
    where segment <> 'all'
)

select
    month,
    segment,
    revenue_amount,
    invoice_count,
    paying_accounts,
    customers_at_start,
    churned_customers,
    avg_purchase_value,
    purchases_per_customer_per_year,
    annual_churn_rate,
    expected_lifetime_years,
    customer_lifetime_value
from lifetime_value
