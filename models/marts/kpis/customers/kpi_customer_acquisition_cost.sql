with

months as (
    select * from {{ ref('int_customer_periods') }}
    where period_type = 'month'
),

costs as (
    select * from {{ ref('stg_crm__costs') }}
),

states as (
    select * from {{ ref('int_customer_period_states') }}
    where period_type = 'month'
),

lifetime_value as (
    select * from {{ ref('int_customer_lifetime_value') }}
    where segment = 'all'
),

costs_by_month as (
    select
        month,
        sum(case when cost_category = 'marketing' then cost_amount else 0 end) as marketing_cost_amount,
        sum(case when cost_category = 'sales' then cost_amount else 0 end) as sales_cost_amount
    from costs
    group by month
),

new_customers_by_month as (
    select
        period_start as month,
        sum(case when is_new_customer then 1 else 0 end) as new_customers
    from states
    group by period_start
),

{# Months up to as_of with any cost record or any new customer. A month
    with new customers and no cost record reads cost 0 (and CAC 0). #}
reported_months as (
    select months.period_start as month
    from months
    left join costs_by_month
        on months.period_start = costs_by_month.month
    left join new_customers_by_month
        on months.period_start = new_customers_by_month.month
    where
        costs_by_month.month is not null
        or new_customers_by_month.new_customers > 0
),

acquisition as (
    select
        reported_months.month,
        coalesce(costs_by_month.marketing_cost_amount, 0) as marketing_cost_amount,
        coalesce(costs_by_month.sales_cost_amount, 0) as sales_cost_amount,
        coalesce(costs_by_month.marketing_cost_amount, 0)
        + coalesce(costs_by_month.sales_cost_amount, 0) as total_cost_amount,
        coalesce(new_customers_by_month.new_customers, 0) as new_customers,
        lifetime_value.customer_lifetime_value
    from reported_months
    left join costs_by_month
        on reported_months.month = costs_by_month.month
    left join new_customers_by_month
        on reported_months.month = new_customers_by_month.month
    left join lifetime_value
        on reported_months.month = lifetime_value.month
),

with_cac as (
    select
        *,
        {{ safe_divide('total_cost_amount', 'new_customers', 'decimal(18, 2)') }} as cac
    from acquisition
)

select
    month,
    cast(marketing_cost_amount as decimal(18, 2)) as marketing_cost_amount,
    cast(sales_cost_amount as decimal(18, 2)) as sales_cost_amount,
    cast(total_cost_amount as decimal(18, 2)) as total_cost_amount,
    cast(new_customers as {{ dbt.type_bigint() }}) as new_customers,
    cac,
    cast(customer_lifetime_value as decimal(18, 2)) as customer_lifetime_value,
    {# CLV / CAC from the parts: CLV x new customers / total cost, so the
        rounding of the published cac does not carry into the ratio; NULL
        like cac when there are no new customers, and when the cost is 0. #}
    case
        when new_customers > 0
            then {{ safe_divide('customer_lifetime_value * new_customers', 'total_cost_amount', 'decimal(18, 6)') }}
    end as clv_to_cac
from with_cac
