{# Gate: the month spine (dim_months) reaches the month of as_of; a spine
    that stops short (a date centuries early exhausting its length) would
    silently cut the real period out of every monthly KPI. #}
with

spine as (
    select max(month) as last_month from {{ ref('dim_months') }}
)

select
    'dim_months ends at ' || coalesce(cast(last_month as {{ dbt.type_string() }}), 'nothing')
    || ', before the month of as_of {{ as_of_date_text() }}: a date far in the past'
    || ' stretches the month spine beyond its length; see the dates in audit.audit_quarantine'
    || ' and the vars min_plausible_year, max_years_after_as_of' as message
from spine
where last_month is null or last_month < cast({{ dbt.date_trunc('month', as_of_date()) }} as date)
