{# Each period's customers_at_start equals the previous period's
    customers_at_end, per period type (0 when the previous period has no row:
    nobody was a customer at either of its ends). Returns the periods where
    it does not. #}
with

retention as (
    select * from {{ ref('kpi_customer_retention') }}
),

next_periods as (
    select
        period_type,
        case period_type
            when 'month' then cast({{ dbt.dateadd('month', 1, 'period_start') }} as date)
            when 'quarter' then cast({{ dbt.dateadd('month', 3, 'period_start') }} as date)
            else cast({{ dbt.dateadd('month', 12, 'period_start') }} as date)
        end as period_start,
        customers_at_end as previous_customers_at_end
    from retention
),

mismatches as (
    select
        retention.period_type,
        retention.period_start,
        retention.customers_at_start,
        next_periods.previous_customers_at_end
    from retention
    left join next_periods
        on
            retention.period_type = next_periods.period_type
            and retention.period_start = next_periods.period_start
    where retention.customers_at_start <> coalesce(next_periods.previous_customers_at_end, 0)
)

select * from mismatches
