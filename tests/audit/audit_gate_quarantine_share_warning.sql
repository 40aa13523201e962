{{ config(severity='warn') }}

{# Gate, warning only: a raw table whose quarantined share of rows exceeds
    the var audit_warn_quarantine_share, and that does not fail the
    quarantine gate. #}
select
    'raw table ' || source_table || ': ' || cast(quarantined_rows as {{ dbt.type_string() }})
    || ' of ' || cast(raw_rows as {{ dbt.type_string() }}) || ' rows quarantined ('
    || cast(cast(100 * quarantined_share as decimal(9, 1)) as {{ dbt.type_string() }})
    || ' %), ' || cast(top_reason_rows as {{ dbt.type_string() }}) || ' for "'
    || top_reason || '". ' || advice as message
from {{ ref('audit_table_health') }}
where
    quarantined_share > {{ number_var('audit_warn_quarantine_share') }}
    and not fails_quarantine_gate
