{# How many kept rows carry each data-quality warning, per raw table and
    column: the published summary of audit_data_quality_warnings, without
    the values. #}
with

warnings as (
    select * from {{ ref('audit_data_quality_warnings') }}
)

select
    source_table,
    column_name,
    warning,
    cast(count(*) as {{ dbt.type_bigint() }}) as row_count
from warnings
group by source_table, column_name, warning
