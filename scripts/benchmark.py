"""Time the warehouse build and the kpi views on a generated CRM of any size.

    python scripts/benchmark.py [--scale 1 10] [--runs 3] [--target dev|postgres|spark]
                                [--workdir DIR] [--json FILE]

For each scale: generate the demo CRM as Parquet (scripts/generate_crm_data.py),
load it with scripts/load_crm.py into schema bench of a fresh warehouse, then
run `dbt build` --runs times (a full rebuild each time, tests included) and
query every kpi_* view --runs times. Reports the median (and min/max) of the
runs: medians, not single timings, are what to quote, and the peak memory
(resident set) of dbt and every process it started (Spark's JVM), plus the
PostgreSQL server's.

--target postgres or spark builds on that engine instead (profiles.yml): a
throwaway PostgreSQL server, or a Spark metastore of its own, gets the raw
tables with scripts/engines.py; the kpi views are then not timed.
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
import psutil

import engines

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
AS_OF = "2026-10-31"


def timed(command, env, peaks=None, server_user=None):
    """Seconds the command took; with a list peaks, append its peak memory
    in bytes: its process tree's, plus that of server_user's processes."""
    with tempfile.TemporaryFile("w+") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   text=True)
        peak = 0
        while peaks is not None and process.poll() is None:
            peak = max(peak, _resident(process.pid, server_user))
            time.sleep(0.2)
        process.wait()
        elapsed = time.perf_counter() - started
        if process.returncode != 0:
            out.seek(0)
            sys.exit(f"failed: {' '.join(map(str, command))}\n{out.read()[-6000:]}")
    if peaks is not None:
        peaks.append(peak)
    return elapsed


def _resident(pid, server_user):
    try:
        parent = psutil.Process(pid)
        processes = [parent, *parent.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    if server_user:
        processes += [p for p in psutil.process_iter(["username"]) if p.info["username"] == server_user]
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def summary(seconds):
    return {"median_s": round(statistics.median(seconds), 3),
            "min_s": round(min(seconds), 3), "max_s": round(max(seconds), 3),
            "runs": len(seconds)}


def bench_scale(scale, runs, workdir, target="dev"):
    workdir.mkdir(parents=True, exist_ok=True)
    export, warehouse = workdir / "export", workdir / "warehouse" / "warehouse.duckdb"
    env = dict(os.environ, DO_NOT_TRACK="1", DBT_PROFILES_DIR=str(ROOT),
               CRM_BUILD_PATH=str(warehouse))
    python = sys.executable
    result = {"scale": scale, "target": target}
    result["generate_s"] = round(timed([python, "scripts/generate_crm_data.py", "--out", export,
                                        "--format", "parquet", "--scale", str(scale)], env), 3)
    result["load_s"] = round(timed([python, "scripts/load_crm.py", "--schema", "bench",
                                    "--database", warehouse, export], env), 3)
    result["raw_rows"] = raw_rows(warehouse)
    build = [str(BIN / "dbt"), "build", "--target", target,
             "--vars", f'{{"crm_raw_schema": "bench", "as_of": "{AS_OF}"}}',
             "--target-path", str(workdir / "target"), "--log-path", str(workdir / "logs")]
    if target != "dev":
        return bench_engine(result, target, build, runs, workdir, warehouse, env)
    peaks = []
    result["dbt_build"] = summary([timed(build, env, peaks) for _ in range(runs)])
    result["peak_memory_gb"] = round(max(peaks) / 1e9, 2)

    con = duckdb.connect(str(warehouse), read_only=True)
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


def raw_rows(warehouse):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {table: con.execute(f"select count(*) from bench.{table}").fetchone()[0]
                for (table,) in con.execute("select table_name from information_schema.tables "
                                            "where table_schema = 'bench' order by 1").fetchall()}
    finally:
        con.close()


def bench_engine(result, target, build, runs, workdir, warehouse, env):
    """dbt build on PostgreSQL or Spark, on the raw tables of warehouse."""
    peaks, seconds = [], []
    if target == "postgres":
        with engines.postgres_server() as server:
            env = dict(env, **server)
            result["copy_s"] = round(timed([sys.executable, "scripts/engines.py", "copy-raw", "--target",
                                            target, "--schema", "bench", "--database", warehouse], env), 3)
            for _ in range(runs):
                seconds.append(timed(build, env, peaks, engines.POSTGRES_SYSTEM_USER))
    else:
        env = dict(env, **engines.spark_environment(workdir / "spark"))
        result["copy_s"] = round(timed([sys.executable, "scripts/engines.py", "copy-raw", "--target",
                                        target, "--schema", "bench", "--database", warehouse], env), 3)
        seconds = [timed(build, env, peaks) for _ in range(runs)]
    result["dbt_build"] = summary(seconds)
    result["peak_memory_gb"] = round(max(peaks) / 1e9, 2)
    return result


def report(result):
    print(f"\nscale {result['scale']} on {result['target']}: generate {result['generate_s']} s, "
          f"load {result['load_s']} s" + (f", copy {result['copy_s']} s" if "copy_s" in result else ""))
    print("  raw rows: " + ", ".join(f"{t} {n}" for t, n in result["raw_rows"].items()))
    build = result["dbt_build"]
    print(f"  dbt build: median {build['median_s']} s (min {build['min_s']}, max {build['max_s']}, "
          f"{build['runs']} runs), peak memory {result['peak_memory_gb']} GB")
    for view, timing in result.get("kpi_query", {}).items():
        print(f"  {view:<36} median {timing['median_s'] * 1000:8.1f} ms  ({timing['rows']} rows)")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, nargs="+", default=[1.0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--target", choices=["dev", "postgres", "spark"], default="dev",
                        help="the profiles.yml target to build on (default dev: DuckDB)")
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="crm-benchmark-"))
    results = []
    for scale in args.scale:
        results.append(bench_scale(scale, args.runs, workdir / f"{args.target}-scale-{scale:g}", args.target))
        report(results[-1])
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
