{# Gate: a build without a single staged deal, while other raw tables have
    rows, fails before anything is published: every deal KPI would be empty
    and the others would report a CRM without sales. It is what a sync that
    lacks its opportunity or deal table looks like (the mapping reads a
    missing table as no rows, with a warning), or an export whose deals file
    is empty. Deals that were all deleted in the CRM fail it too, naming
    that (the gate on raw rows lets a table whose rows are all deleted
    pass). Raw deals that are all quarantined fail the gate on raw rows
    instead (audit_gate_raw_rows_are_staged); raw tables that are all empty
    fail the month spine's. A CRM that really holds no deals (leads only)
    publishes with the var audit_allow_no_deals: true. #}
{%- set allowed = flag_var('audit_allow_no_deals') %}
with

counts as (
    select
        *,
        max(raw_rows) over () as most_raw_rows
    from {{ ref('audit_row_counts') }}
),

deals as (
    select * from counts
    where source_table = 'opportunities'
)

select
    'no deal was staged: '
    || case
        when raw_rows = 0
            then
                'the raw opportunities table has no rows (a sync without its opportunity or deal'
                || ' table reads it as no rows, with a warning)'
        else
            'all ' || cast(raw_rows as {{ dbt.type_string() }})
            || ' raw opportunities rows were deleted in the CRM'
    end
    || ', so every deal KPI would be empty; load the deals, or set the var'
    || ' audit_allow_no_deals: true to publish a warehouse without them' as message
from deals
where
    {{ 'false' if allowed else 'true' }}
    and staged_rows = 0
    and quarantined_rows = 0
    and most_raw_rows > 0
