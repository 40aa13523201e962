{# Per raw table, the share of its rows staging rejected, the most common
    reason, whether that fails the quarantine gate, and what to do about it: what the audit gates (tests/audit) read
    to fail or warn with a message that names the table, the counts and the
    reason. #}
with

row_counts as (
    select * from {{ ref('audit_row_counts') }}
),

reasons as (
    select * from {{ ref('audit_quarantine_reasons') }}
),

ranked_reasons as (
    select
        source_table,
        rejection_reason,
        row_count,
        row_number() over (
            partition by source_table
            order by row_count desc, rejection_reason asc
        ) as reason_rank
    from reasons
),

top_reasons as (
    select
        source_table,
        rejection_reason as top_reason,
        row_count as top_reason_rows
    from ranked_reasons
    where reason_rank = 1
),

health as (
    select
        row_counts.source_table,
        row_counts.raw_rows,
        row_counts.staged_rows,
        row_counts.quarantined_rows,
        {{ safe_divide('row_counts.quarantined_rows', 'row_counts.raw_rows') }} as quarantined_share,
        top_reasons.top_reason,
        top_reasons.top_reason_rows
    from row_counts
    left join top_reasons
        on row_counts.source_table = top_reasons.source_table
)

select
    *,
    coalesce(
        quarantined_share > {{ number_var('audit_fail_quarantine_share') }}
        and quarantined_rows >= {{ number_var('audit_min_failing_rows') }},
        false
    ) as fails_quarantine_gate,
    case
        when top_reason like '%currency%'
            then
                'amounts in a currency with no fx rate into ' || {{ reporting_currency() }}
                || ': load fx_rates that convert into it, or set the var reporting_currency'
                || ' to the currency your fx_rates convert into'
        when top_reason like 'implausible year%'
            then
                'years outside the plausible window (vars min_plausible_year, max_years_after_as_of):'
                || ' a two-digit year such as 26-01-15, or a typo; fix the rows, or load dates'
                || ' with scripts/load_crm.py --date-format DMY|MDY|YMD'
        when
            top_reason like 'unparseable%at'
            or top_reason like 'unparseable%date'
            or top_reason = 'unparseable month'
            then
                'dates that are not ISO (YYYY-MM-DD): if they look like 31/12/2026 or 31.12.2026,'
                || ' load with scripts/load_crm.py --date-format DMY (MDY for 12/31/2026)'
        when top_reason like 'unparseable%'
            then
                'numbers that do not parse: if they look like 1 234,50, load with'
                || ' scripts/load_crm.py --decimal-comma (and --delimiter ";" for ;-separated files)'
        when top_reason = 'missing amount' and source_table = 'opportunities'
            then
                'closed deals without an amount (an open deal may lack one): write 0 where the CRM'
                || ' records none'
        when top_reason like 'missing %'
            then
                'rows without ' || substr(top_reason, 9) || ', which the raw contract requires: fill'
                || ' it in the export'
        when top_reason = 'invalid stage'
            then
                'stages not in stg_crm__pipeline_stages: add them to seeds/reference/pipeline_stages.csv'
                || ' (contract source), or to the CRM''s stage objects or its <source>_stages seed'
        else 'the rows are in audit.audit_quarantine of the build database'
    end
    -- Leaving rows out helps only where some rows are staged.
    || case
        when top_reason like 'missing %' and staged_rows > 0
            then ', or raise the var audit_fail_quarantine_share to leave them out'
        else ''
    end as advice
from health
