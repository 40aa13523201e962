-- Which segments pay back what it costs to win a customer? For the month of
-- as_of: each segment's customer lifetime value (12 months ending with the
-- month) against the blended CAC of the same 12 months (costs are not split
-- by segment in the CRM), the CAC's parts summed before dividing.
-- Run: dbt compile --select customers_clv_to_cac_by_segment, then the SQL in
-- target/compiled/.../analyses/customers_clv_to_cac_by_segment.sql with DuckDB.
with

lifetime_value as (
    select * from {{ ref('kpi_customer_lifetime_value') }}
),

acquisition_cost as (
    select * from {{ ref('kpi_customer_acquisition_cost') }}
),

current_month as (
    select cast({{ dbt.date_trunc('month', as_of_date()) }} as date) as month
),

blended_cac as (
    select
        sum(acquisition_cost.total_cost_amount) as total_cost_amount,
        sum(acquisition_cost.new_customers) as new_customers
    from acquisition_cost
    inner join current_month
        on acquisition_cost.month > {{ dbt.dateadd('month', -12, 'current_month.month') }}
),

segments as (
    select lifetime_value.*
    from lifetime_value
    inner join current_month
        on lifetime_value.month = current_month.month
)

select
    segments.segment,
    segments.paying_accounts,
    segments.avg_purchase_value,
    segments.purchases_per_customer_per_year,
    segments.annual_churn_rate,
    segments.expected_lifetime_years,
    segments.customer_lifetime_value,
    {{ safe_divide('blended_cac.total_cost_amount', 'blended_cac.new_customers', 'decimal(18, 2)') }}
        as blended_cac,
    {{ safe_divide(
        'segments.customer_lifetime_value * blended_cac.new_customers',
        'blended_cac.total_cost_amount',
        'decimal(18, 2)'
    ) }} as clv_to_blended_cac
from segments
cross join blended_cac
order by clv_to_blended_cac desc
