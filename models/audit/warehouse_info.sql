{# What this warehouse is: one row per raw table, with the build's as_of,
    when it was built, from which raw schema, in which currency, by which
    version of the project, and how many rows the raw table had. #}
with

row_counts as (
    select * from {{ ref('audit_row_counts') }}
)

select
    {{ as_of_date() }} as as_of,
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ dbt.type_timestamp() }}) as built_at,
    '{{ schema_var('crm_raw_schema') }}' as crm_raw_schema,
    {{ reporting_currency() }} as reporting_currency,
    '{{ var("project_version") }}' as project_version,
    source_table,
    raw_rows
from row_counts
