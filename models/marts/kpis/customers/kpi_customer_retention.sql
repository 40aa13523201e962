with

states as (
    select * from {{ ref('int_customer_period_states') }}
    where period_type in ('month', 'quarter', 'year')
),

by_period as (
    select
        period_type,
        period_start,
        end_snapshot_date,
        sum(case when is_customer_at_start then 1 else 0 end) as customers_at_start,
        sum(case when is_new_customer then 1 else 0 end) as new_customers,
        sum(case when is_customer_at_end then 1 else 0 end) as customers_at_end,
        sum(case when is_retained_customer then 1 else 0 end) as retained_customers,
        sum(case when is_churned_customer then 1 else 0 end) as churned_customers
    from states
    group by
        period_type,
        period_start,
        end_snapshot_date
)

select
    period_type,
    period_start,
    end_snapshot_date as period_end_date,
    cast(customers_at_start as {{ dbt.type_bigint() }}) as customers_at_start,
    cast(new_customers as {{ dbt.type_bigint() }}) as new_customers,
    cast(customers_at_end as {{ dbt.type_bigint() }}) as customers_at_end,
    cast(retained_customers as {{ dbt.type_bigint() }}) as retained_customers,
    cast(churned_customers as {{ dbt.type_bigint() }}) as churned_customers,
    {{ safe_divide('retained_customers', 'customers_at_start') }} as retention_rate,
    {{ safe_divide('churned_customers', 'customers_at_start') }} as churn_rate
from by_period
