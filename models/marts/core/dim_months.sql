{# One row per calendar month from the first month with any data up to the
    month of as_of. #}
with

event_dates as (
    select min(created_at) as first_event_at from {{ ref('stg_crm__opportunities') }}
    union all
    select min(created_at) from {{ ref('stg_crm__leads') }}
    union all
    select min(occurred_at) from {{ ref('stg_crm__activities') }}
    union all
    select min(invoice_date) from {{ ref('stg_crm__invoices') }}
    union all
    select min(start_date) from {{ ref('stg_crm__subscriptions') }}
    union all
    select min(month) from {{ ref('stg_crm__quotas') }}
    union all
    select min(month) from {{ ref('stg_crm__costs') }}
    union all
    select min(visit_date) from {{ ref('stg_crm__web_traffic') }}
    union all
    select min(responded_at) from {{ ref('stg_crm__nps_responses') }}
    union all
    select min(surveyed_at) from {{ ref('stg_crm__employee_surveys') }}
),

bounds as (
    select
        cast({{ dbt.date_trunc('month', 'min(first_event_at)') }} as date) as first_month,
        cast({{ dbt.date_trunc('month', as_of_date()) }} as date) as last_month
    from event_dates
),

month_numbers as (
    {{ dbt.generate_series(2400) }}
),

months as (
    select cast({{ dbt.dateadd('month', 'month_numbers.generated_number - 1', 'bounds.first_month') }} as date) as month
    from month_numbers
    cross join bounds
    where
        {{ dbt.dateadd('month', 'month_numbers.generated_number - 1', 'bounds.first_month') }}
        <= bounds.last_month
),

day_numbers as (
    {{ dbt.generate_series(31) }}
),

{# Weekday of each day of the month from a Monday of reference (1900-01-01):
    0-4 are Monday to Friday. #}
month_days as (
    select
        months.month,
        mod(
            {{ dbt.datediff("cast('1900-01-01' as date)",
                dbt.dateadd('day', 'day_numbers.generated_number - 1', 'months.month'), 'day') }},
            7
        ) as weekday_number
    from months
    cross join day_numbers
    where
        {{ dbt.dateadd('day', 'day_numbers.generated_number - 1', 'months.month') }}
        < {{ dbt.dateadd('month', 1, 'months.month') }}
),

working_days as (
    select
        month,
        sum(case when weekday_number < 5 then 1 else 0 end) as working_days
    from month_days
    group by month
)

select
    months.month,
    cast({{ dbt.date_trunc('quarter', 'months.month') }} as date) as quarter,
    cast({{ dbt.date_trunc('year', 'months.month') }} as date) as year,
    cast(months.month as {{ dbt.type_timestamp() }}) as month_start_at,
    {# The end of the month as an exclusive instant: the next month's start,
        or for the month of as_of the end of the as_of day ("now"). #}
    least(
        cast({{ dbt.dateadd('month', 1, 'months.month') }} as {{ dbt.type_timestamp() }}),
        {{ as_of_end() }}
    ) as month_end_at,
    cast(working_days.working_days as {{ dbt.type_bigint() }}) as working_days
from months
inner join working_days
    on months.month = working_days.month
