{# The 12-month window ending in December is the calendar year: summed over
    segments, kpi_customer_lifetime_value's customers_at_start and
    churned_customers for December equal kpi_customer_retention's for that
    year. Returns the complete years where they differ. #}
with

retention as (
    select * from {{ ref('kpi_customer_retention') }}
    where period_type = 'year'
),

lifetime_value as (
    select * from {{ ref('kpi_customer_lifetime_value') }}
),

december_windows as (
    select
        month,
        sum(customers_at_start) as customers_at_start,
        sum(churned_customers) as churned_customers
    from lifetime_value
    where month = cast({{ dbt.dateadd('month', 11, dbt.date_trunc('year', 'month')) }} as date)
    group by month
),

complete_years as (
    select
        period_start,
        cast({{ dbt.dateadd('month', 11, 'period_start') }} as date) as december,
        customers_at_start,
        churned_customers
    from retention
    where period_end_date = cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 12, 'period_start')) }} as date)
),

mismatches as (
    select
        complete_years.period_start,
        complete_years.customers_at_start,
        december_windows.customers_at_start as window_customers_at_start,
        complete_years.churned_customers,
        december_windows.churned_customers as window_churned_customers
    from complete_years
    left join december_windows
        on complete_years.december = december_windows.month
    where
        complete_years.customers_at_start <> coalesce(december_windows.customers_at_start, 0)
        or complete_years.churned_customers <> coalesce(december_windows.churned_customers, 0)
)

select * from mismatches
