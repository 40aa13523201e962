{# Working days are Monday to Friday of the whole calendar month
    (dim_months.working_days), the month of as_of included. #}
with

rep_months as (
    select * from {{ ref('int_rep_months') }}
),

months as (
    select * from {{ ref('dim_months') }}
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
        months.working_days
    from rep_months
    inner join months
        on rep_months.month = months.month
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
