{# Gate: a raw table whose quarantined share of rows exceeds the var
    audit_fail_quarantine_share, with at least audit_min_failing_rows rows
    quarantined, fails the build before anything is published. #}
select
    'raw table ' || source_table || ': ' || cast(quarantined_rows as {{ dbt.type_string() }})
    || ' of ' || cast(raw_rows as {{ dbt.type_string() }}) || ' rows quarantined ('
    || cast(cast(100 * quarantined_share as decimal(9, 1)) as {{ dbt.type_string() }})
    || ' %, more than {{ 100 * (number_var("audit_fail_quarantine_share") | float) }} %), '
    || cast(top_reason_rows as {{ dbt.type_string() }}) || ' for "' || top_reason || '". '
    || advice as message
from {{ ref('audit_table_health') }}
where fails_quarantine_gate
