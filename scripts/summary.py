"""Print what `make demo` published: rows per raw table and where they went,
why rows were rejected, the warehouse file, and one example query.

    python scripts/summary.py [--warehouse PATH]
"""

import argparse
import os
import sys
from pathlib import Path

import duckdb

# Example queries: the first with rows is shown, else the last ({cur}: the
# reporting currency, in lower case): deals, else subscriptions, else leads.
EXAMPLE_QUERIES = [
    """\
select
    month,
    sum(won_count) as won,
    sum(closed_count) as closed,
    round(sum(won_count) / sum(closed_count), 3) as win_rate,
    sum(won_amount) as won_amount_{cur}
from kpi_win_rate
group by month
order by month desc
limit 6""",
    """\
select month, ending_mrr_amount as mrr_{cur}, active_customers
from kpi_mrr
order by month desc
limit 6""",
    """\
select
    month,
    sum(new_leads) as new_leads,
    round(sum(marketing_originated_leads) / sum(new_leads), 3) as marketing_share
from kpi_new_leads
group by month
order by month desc
limit 6""",
]


def table(rows, headers):
    """Rows as an aligned text table (numbers right-aligned)."""
    cells = [[str(value) for value in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h)
              for i, h in enumerate(headers)]
    def line(values, numeric):
        return "  ".join(v.rjust(w) if n else v.ljust(w)
                         for v, w, n in zip(values, widths, numeric))
    numeric = [all(isinstance(row[i], (int, float)) or hasattr(row[i], "as_tuple")
                   for row in rows) if rows else False for i in range(len(headers))]
    out = [line(headers, numeric), line(["-" * w for w in widths], numeric)]
    out += [line(row, numeric) for row in cells]
    return "\n".join("  " + text for text in out)


def summarise(path):
    con = duckdb.connect(str(path), read_only=True)
    counts = con.execute(
        "select source_table, raw_rows, staged_rows, quarantined_rows, superseded_rows, "
        "deleted_rows from audit_row_counts order by source_table").fetchall()
    print("Raw CRM tables (raw = staged + quarantined + superseded + deleted in the CRM):")
    print(table(counts, ["table", "raw", "staged", "quarantined", "superseded", "deleted"]))
    reasons = con.execute(
        "select source_table, rejection_reason, row_count from audit_quarantine_reasons "
        "order by 3 desc, 1, 2").fetchall()
    rejected = sum(row[2] for row in reasons)
    print(f"\nRejected rows: {rejected} (audit_quarantine_reasons; the rows are in "
          "audit.audit_quarantine of the build database)")
    if reasons:
        print(table(reasons, ["table", "reason", "rows"]))
    warnings = con.execute(
        "select coalesce(sum(row_count), 0) from audit_warning_counts").fetchone()[0]
    print(f"Kept rows with warnings (e.g. keys that point nowhere): {warnings} "
          "(audit_warning_counts)")
    as_of, built_at, currency = con.execute(
        "select max(as_of), max(built_at), max(reporting_currency) from warehouse_info").fetchone()
    print(f"\nWarehouse: {Path(path).resolve()} (as of {as_of}, built {built_at:%Y-%m-%d %H:%M} UTC)")
    for template in EXAMPLE_QUERIES:
        query = template.format(cur=currency.lower())
        result = con.execute(query)
        headers, rows = [column[0] for column in result.description], result.fetchall()
        if rows:
            break
    print("\nExample query (make sql: a read-only SQL prompt on the warehouse; "
          "or any DuckDB client):\n")
    print("\n".join("  " + line for line in query.splitlines()) + ";\n")
    print(table(rows, headers))
    con.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse",
                        default=os.environ.get("CRM_WAREHOUSE_PATH") or "warehouse.duckdb")
    args = parser.parse_args(argv)
    if not Path(args.warehouse).exists():
        print(f"no warehouse at {args.warehouse}: run make demo first", file=sys.stderr)
        return 2
    summarise(args.warehouse)
    return 0


if __name__ == "__main__":
    sys.exit(main())
