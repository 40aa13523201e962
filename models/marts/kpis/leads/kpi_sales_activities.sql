{# Working days are Monday to Friday; for the month of as_of only those up
    to and including the as_of date, since the rest has not happened. #}
with

rep_months as (
    select * from {{ ref('int_rep_months') }}
),

months as (
    select * from {{ ref('dim_months') }}
),

day_numbers as (
    {{ dbt.generate_series(31) }}
),

{# Days of the as_of month up to the as_of date, with their weekday counted
    from a Monday of reference (1900-01-01): 0-4 are Monday to Friday. #}
as_of_month_days as (
    select
        mod(
            {{ dbt.datediff("cast('1900-01-01' as date)",
                dbt.dateadd('day', 'day_numbers.generated_number - 1',
                    dbt.date_trunc('month', as_of_date())), 'day') }},
            7
        ) as weekday_number
    from day_numbers
    where
        {{ dbt.dateadd('day', 'day_numbers.generated_number - 1', dbt.date_trunc('month', as_of_date())) }}
        <= {{ as_of_date() }}
),

as_of_month_working_days as (
    select
        cast({{ dbt.date_trunc('month', as_of_date()) }} as date) as month,
        sum(case when weekday_number < 5 then 1 else 0 end) as working_days
    from as_of_month_days
),

month_working_days as (
    select
        months.month,
        coalesce(as_of_month_working_days.working_days, months.working_days) as working_days
    from months
    left join as_of_month_working_days
        on months.month = as_of_month_working_days.month
),

activity_months as (
    select
        rep_months.month,
        rep_months.rep_id,
        rep_months.calls,
        rep_months.emails,
        rep_months.meetings,
        rep_months.demos,
        rep_months.total_activities,
        month_working_days.working_days
    from rep_months
    inner join month_working_days
        on rep_months.month = month_working_days.month
    where rep_months.total_activities > 0
)

select
    month,
    rep_id,
    cast(calls as {{ dbt.type_bigint() }}) as calls,
    cast(emails as {{ dbt.type_bigint() }}) as emails,
    cast(meetings as {{ dbt.type_bigint() }}) as meetings,
    cast(demos as {{ dbt.type_bigint() }}) as demos,
    cast(total_activities as {{ dbt.type_bigint() }}) as total_activities,
    cast(working_days as {{ dbt.type_bigint() }}) as working_days,
    {{ safe_divide('total_activities', 'working_days', 'decimal(18, 6)') }} as activities_per_working_day
from activity_months
