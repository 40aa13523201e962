{# The customer counts of kpi_mrr, kpi_customer_acquisition_cost and
    kpi_upsell_cross_sell are those of kpi_customer_retention's months:
    active_customers = customers_at_end, new_customers = new_customers,
    customers_at_start = customers_at_start (0 for a month without a
    retention row). Returns every month and view where they differ. #}
with

retention as (
    select * from {{ ref('kpi_customer_retention') }}
    where period_type = 'month'
),

mrr as (
    select * from {{ ref('kpi_mrr') }}
),

acquisition_cost as (
    select * from {{ ref('kpi_customer_acquisition_cost') }}
),

upsell_cross_sell as (
    select * from {{ ref('kpi_upsell_cross_sell') }}
),

mismatches as (
    select
        'kpi_mrr.active_customers' as checked_column,
        mrr.month,
        mrr.active_customers as view_count,
        retention.customers_at_end as retention_count
    from mrr
    left join retention
        on mrr.month = retention.period_start
    where mrr.active_customers <> coalesce(retention.customers_at_end, 0)

    union all

    select
        'kpi_customer_acquisition_cost.new_customers' as checked_column,
        acquisition_cost.month,
        acquisition_cost.new_customers as view_count,
        retention.new_customers as retention_count
    from acquisition_cost
    left join retention
        on acquisition_cost.month = retention.period_start
    where acquisition_cost.new_customers <> coalesce(retention.new_customers, 0)

    union all

    select
        'kpi_upsell_cross_sell.customers_at_start' as checked_column,
        upsell_cross_sell.month,
        upsell_cross_sell.customers_at_start as view_count,
        retention.customers_at_start as retention_count
    from upsell_cross_sell
    left join retention
        on upsell_cross_sell.month = retention.period_start
    where upsell_cross_sell.customers_at_start <> coalesce(retention.customers_at_start, 0)
)

select * from mismatches
