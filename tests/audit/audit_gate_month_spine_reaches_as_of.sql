{# Gate: the month spine (dim_months) reaches the month of as_of; a spine
    that stops short (a date centuries early exhausting its length) would
    silently cut the real period out of every monthly KPI. An empty spine
    means no staged row has a date: raw tables that are empty (a load that
    was refused, the wrong crm_raw_schema) say so here. #}
with

spine as (
    select max(month) as last_month from {{ ref('dim_months') }}
)

select
    case
        when last_month is null
            then
                'dim_months is empty: no staged row has a date, so every KPI would be empty;'
                || ' are the raw tables in schema {{ schema_var('crm_raw_schema') }} empty?'
                || ' audit.audit_row_counts holds their rows'
        else
            'dim_months ends at ' || cast(last_month as {{ dbt.type_string() }})
            || ', before the month of as_of {{ as_of_date_text() }}: a date far in the past'
            || ' stretches the month spine beyond its length; see the dates in audit.audit_quarantine'
            || ' and the vars min_plausible_year, max_years_after_as_of'
    end as message
from spine
where last_month is null or last_month < cast({{ dbt.date_trunc('month', as_of_date()) }} as date)
