"""Print what `make demo` published: rows per raw table and where they went,
why rows were rejected, the warehouse file, and one example query.

    python scripts/summary.py [--warehouse PATH]
"""

import argparse
import os
import sys
from pathlib import Path

import duckdb

EXAMPLE_QUERY = """\
select
    month,
    sum(won_count) as won,
    sum(closed_count) as closed,
    round(sum(won_count) / sum(closed_count), 3) as win_rate,
    sum(won_amount) as won_amount_eur
from kpi_win_rate
group by month
order by month desc
limit 6"""


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
    as_of, built_at = con.execute("select max(as_of), max(built_at) from warehouse_info"
                                  ).fetchone()
    print(f"\nWarehouse: {Path(path).resolve()} (as of {as_of}, built {built_at:%Y-%m-%d %H:%M} UTC)")
    print("\nExample query (duckdb warehouse.duckdb, or any DuckDB client):\n")
    print("\n".join("  " + line for line in EXAMPLE_QUERY.splitlines()) + ";\n")
    result = con.execute(EXAMPLE_QUERY)
    headers = [column[0] for column in result.description]
    print(table(result.fetchall(), headers))
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
