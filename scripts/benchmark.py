"""Time the warehouse build and the kpi views on a generated CRM of any size.

    python scripts/benchmark.py [--scale 1 10] [--runs 3] [--workdir DIR] [--json FILE]

For each scale: generate the demo CRM as Parquet (scripts/generate_crm_data.py),
load it with scripts/load_crm.py into schema bench of a fresh warehouse, then
run `dbt build` --runs times (a full rebuild each time, tests included) and
query every kpi_* view --runs times. Reports the median (and min/max) of the
runs: medians, not single timings, are what to quote.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
AS_OF = "2026-10-31"


def timed(command, env):
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(map(str, command))}\n{result.stdout[-4000:]}{result.stderr[-2000:]}")
    return elapsed


def summary(seconds):
    return {"median_s": round(statistics.median(seconds), 3),
            "min_s": round(min(seconds), 3), "max_s": round(max(seconds), 3),
            "runs": len(seconds)}


def bench_scale(scale, runs, workdir):
    workdir.mkdir(parents=True, exist_ok=True)
    export, warehouse = workdir / "export", workdir / "warehouse" / "warehouse.duckdb"
    env = dict(os.environ, DO_NOT_TRACK="1", DBT_PROFILES_DIR=str(ROOT),
               CRM_BUILD_PATH=str(warehouse))
    python = sys.executable
    result = {"scale": scale}
    result["generate_s"] = round(timed([python, "scripts/generate_crm_data.py", "--out", export,
                                        "--format", "parquet", "--scale", str(scale)], env), 3)
    result["load_s"] = round(timed([python, "scripts/load_crm.py", "--schema", "bench",
                                    "--database", warehouse, export], env), 3)
    build = [str(BIN / "dbt"), "build", "--vars", f'{{"crm_raw_schema": "bench", "as_of": "{AS_OF}"}}',
             "--target-path", str(workdir / "target"), "--log-path", str(workdir / "logs")]
    result["dbt_build"] = summary([timed(build, env) for _ in range(runs)])

    con = duckdb.connect(str(warehouse), read_only=True)
    result["raw_rows"] = dict(con.execute(
        "select source_table, raw_rows from audit.audit_row_counts order by 1").fetchall())
    views = [row[0] for row in con.execute(
        "select table_name from information_schema.tables where table_schema = 'main' "
        "and table_name like 'kpi_%' order by 1").fetchall()]
    result["kpi_query"] = {}
    for view in views:
        seconds = []
        for _ in range(runs):
            started = time.perf_counter()
            rows = con.execute(f"select * from {view}").fetchall()
            seconds.append(time.perf_counter() - started)
        result["kpi_query"][view] = dict(summary(seconds), rows=len(rows))
    con.close()
    return result


def report(result):
    print(f"\nscale {result['scale']}: generate {result['generate_s']} s, load {result['load_s']} s")
    print("  raw rows: " + ", ".join(f"{t} {n}" for t, n in result["raw_rows"].items()))
    build = result["dbt_build"]
    print(f"  dbt build: median {build['median_s']} s (min {build['min_s']}, max {build['max_s']}, "
          f"{build['runs']} runs)")
    for view, timing in result["kpi_query"].items():
        print(f"  {view:<36} median {timing['median_s'] * 1000:8.1f} ms  ({timing['rows']} rows)")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, nargs="+", default=[1.0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="crm-benchmark-"))
    results = []
    for scale in args.scale:
        results.append(bench_scale(scale, args.runs, workdir / f"scale-{scale:g}"))
        report(results[-1])
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
