{# How many raw rows staging rejected, per raw table and reason: the
    published summary of audit_quarantine, without the rows' content. #}
with

quarantine as (
    select * from {{ ref('audit_quarantine') }}
)

select
    source_table,
    rejection_reason,
    cast(count(*) as {{ dbt.type_bigint() }}) as row_count
from quarantine
group by source_table, rejection_reason
