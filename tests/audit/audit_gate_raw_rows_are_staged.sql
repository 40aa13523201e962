{# Gate: a raw table with rows of which none could be staged fails the
    build before anything is published. Rows deleted in the CRM (a source
    mapping's deleted_rows) are not rows that could be staged: a table
    whose rows are all deleted passes. #}
select
    'raw table ' || source_table || ': none of its '
    || cast(raw_rows as {{ dbt.type_string() }}) || ' rows could be staged ('
    || cast(quarantined_rows as {{ dbt.type_string() }}) || ' quarantined, most for "'
    || coalesce(top_reason, 'superseded') || '"). ' || advice as message
from {{ ref('audit_table_health') }}
where raw_rows > 0 and staged_rows = 0 and quarantined_rows > 0
