{# Day spine: one row per day of the months of dim_months (the first month
    with data to the end of the month of as_of). MetricFlow's time spine. #}
with

months as (
    select * from {{ ref('dim_months') }}
),

day_numbers as (
    {{ dbt.generate_series(31) }}
),

days as (
    select
        cast({{ dbt.dateadd('day', 'day_numbers.generated_number - 1', 'months.month') }} as date) as date_day,
        months.month
    from months
    cross join day_numbers
    where
        {{ dbt.dateadd('day', 'day_numbers.generated_number - 1', 'months.month') }}
        < {{ dbt.dateadd('month', 1, 'months.month') }}
)

select
    date_day,
    month
from days
