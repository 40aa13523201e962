"""Time the warehouse build and the kpi queries on a generated CRM of any size.

    python scripts/benchmark.py [--scale 1 10] [--runs 3] [--target dev|postgres|spark]
                                [--workdir DIR] [--json FILE]

For each scale, in WORKDIR/scale-<N>:
- generate the demo CRM as Parquet (scripts/generate_crm_data.py), once: a
  later benchmark in the same WORKDIR reuses the export (and times no
  generate);
- load it with scripts/load_crm.py into schema bench of a build database;
- `dbt parse` once, so that every timed command after it parses partially,
  as a user's repeated builds do;
- `dbt build --full-refresh` as scripts/build.py runs it (every data test;
  no dbt unit tests, which test the SQL, not the data, and cost the same at
  any scale), then `dbt run --full-refresh`,
  --runs times each: wall time, CPU time (user + system: what a shared
  machine inflates least), peak memory (the dbt process's peak resident set:
  DuckDB runs inside it), the load average when it started;
- the publish that follows a green build in scripts/build.py (its own
  function, in a process of its own: the public models copied as tables
  into a new file), --runs times, as above: `make build` costs `dbt build`
  and this;
- the build database's file size (raw tables and every model);
- every kpi_* model's query as a view would run it: its compiled SQL (from
  target/run_results.json) over its upstream tables, --runs times; and, for
  the kpis with a hand-written DuckDB query in scripts/benchmark_queries/
  <kpi>.sql (over the same staging, intermediate and core tables), that
  query too, with its rows checked equal to the model's (else the benchmark
  fails) and the ratio of the two medians;
- one day of new data built incrementally: the export without the rows
  created on its last day is loaded and fully built, without the data
  tests, into a new build database in the same place (dbt reuses its parse;
  the full build's rows were read by then); then the whole export is
  loaded and `dbt build` (no --full-refresh: the staging of activities and
  leads is incremental) timed --runs times from that state, against the
  full build above; every kpi_* relation it gives must equal the full
  build's.
Medians (with min and max) of the runs are what to quote; they are read by
people and never asserted in tests.

--target postgres or spark (profiles.yml) times only generate, load and
`dbt build` on that engine: a throwaway PostgreSQL server, or a Spark
metastore of its own, gets the loaded raw tables (scripts/engines.py). Peak
memory is then sampled over dbt's process tree (Spark's JVM runs under it)
and the PostgreSQL server's processes.
"""

import argparse
import collections
import json
import os
import shutil
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
QUERIES = ROOT / "scripts" / "benchmark_queries"
AS_OF = "2026-10-31"
SCHEMA = "bench"
# The build scripts/build.py (make demo, make build) runs.
BUILD = ["build", "--exclude-resource-type", "unit_test"]
# The same without the data tests: the state an incremental build starts from.
BUILD_UNTESTED = [*BUILD, "--exclude-resource-type", "test"]
# The column that dates each table's new rows (the generator's data ends on
# AS_OF); the other tables change monthly or never and are kept whole.
CREATED_COLUMN = {
    "accounts": "created_at",
    "activities": "occurred_at",
    "invoices": "invoiced_at",
    "leads": "created_at",
    "nps_responses": "responded_at",
    "opportunities": "created_at",
    "opportunity_stage_history": "entered_at",
    "web_traffic": "visit_date",
}


# Starts a command and measures it, from a process of its own that holds
# almost nothing: a process's peak resident set (ru_maxrss) counts the peak of
# the process it was started from, and this one grows as it reads the kpi
# rows it compares (a `python -c pass` started from a process of 1.5 GB
# reports 1.5 GB). Prints [exit code, seconds, CPU seconds, peak MB].
MEASURE = """
import json, os, subprocess, sys, time
started = time.perf_counter()
with open(sys.argv[1], "w") as output:
    process = subprocess.Popen(sys.argv[2:], stdout=output, stderr=subprocess.STDOUT)
    _, status, usage = os.wait4(process.pid, 0)
print(json.dumps([os.waitstatus_to_exitcode(status), time.perf_counter() - started,
                  usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024]))
"""


def run(command, env):
    """Run command in the project; fail with its output. Returns (seconds,
    CPU seconds (user + system), peak resident set in MB, 1-minute load
    average when it started)."""
    load_average = os.getloadavg()[0]
    with tempfile.NamedTemporaryFile("r") as output:
        measured = subprocess.run([sys.executable, "-c", MEASURE, output.name, *map(str, command)],
                                  cwd=ROOT, env=env, capture_output=True, text=True, check=True)
        code, elapsed, cpu, peak = json.loads(measured.stdout)
        if code != 0:
            sys.exit(f"failed: {' '.join(map(str, command))}\n{output.read()[-6000:]}")
    return elapsed, cpu, peak, load_average


def run_sampled(command, env, server_user=None):
    """run() for a command whose memory is not all its own: the peak resident
    set summed over its process tree and server_user's processes, sampled
    every 0.2 s (CPU time is not measured: None)."""
    load_average = os.getloadavg()[0]
    started, peak = time.perf_counter(), 0
    with tempfile.TemporaryFile("w+") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output,
                                   stderr=subprocess.STDOUT, text=True)
        while process.poll() is None:
            peak = max(peak, resident(process.pid, server_user))
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
        if process.returncode != 0:
            output.seek(0)
            sys.exit(f"failed: {' '.join(map(str, command))}\n{output.read()[-6000:]}")
    return elapsed, None, peak / 2**20, load_average


def resident(pid, server_user):
    try:
        parent = psutil.Process(pid)
        processes = [parent, *parent.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    if server_user:
        processes += [p for p in psutil.process_iter(["username"])
                      if p.info["username"] == server_user]
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


def command_summary(measurements):
    """Medians of run()'s measurements of one command repeated."""
    seconds, cpu_seconds, peaks, loads = zip(*measurements)
    cpu = None if None in cpu_seconds else round(statistics.median(cpu_seconds), 3)
    return dict(summary(seconds), cpu_median_s=cpu,
                peak_memory_mb=round(max(peaks)),
                load_average=[round(load, 2) for load in loads])


def dbt_env(database):
    return dict(os.environ, DO_NOT_TRACK="1", DBT_PROFILES_DIR=str(ROOT),
                CRM_BUILD_PATH=str(database))


def dbt_command(args, target):
    return [str(BIN / "dbt"), *args, "--vars",
            json.dumps({"crm_raw_schema": SCHEMA, "as_of": AS_OF}),
            "--target-path", str(target), "--log-path", str(target / "logs")]


def dbt(args, database, target):
    return run(dbt_command(args, target), dbt_env(database))


def generate(scale, export):
    return run([sys.executable, "scripts/generate_crm_data.py", "--out", str(export),
                "--format", "parquet", "--scale", str(scale)], dict(os.environ))


def load(export, database):
    return run([sys.executable, "scripts/load_crm.py", "--schema", SCHEMA,
                "--database", str(database), str(export)], dict(os.environ))


def publish(database, target, out):
    """scripts/build.py's publish of database's public models (by target's
    manifest) into the file out, timed as run() times a command."""
    code = ("import sys; from pathlib import Path; sys.path.insert(0, 'scripts'); import build; "
            "build.publish(Path(sys.argv[1]), Path(sys.argv[3]), "
            "build.public_models(Path(sys.argv[2])))")
    return run([sys.executable, "-c", code, str(database), str(target), str(out)],
               dict(os.environ))


def without_last_day(export, out):
    """A copy of the export without the rows created on AS_OF's day."""
    out.mkdir(parents=True, exist_ok=True)
    for path in export.glob("*.parquet"):
        column = CREATED_COLUMN.get(path.stem)
        if column is None:
            shutil.copy(path, out / path.name)
        else:
            duckdb.execute(f"copy (select * from '{path}' where {column} is null "
                           f"or {column} < date '{AS_OF}') to '{out / path.name}' "
                           "(format parquet)")


def kpi_models(target):
    """{kpi name: compiled SQL} of the last dbt command's kpi_* models."""
    results = json.loads((target / "run_results.json").read_text())["results"]
    return {result["unique_id"].split(".")[-1]: result["compiled_code"]
            for result in results
            if result["unique_id"].startswith("model.")
            and result["unique_id"].split(".")[-1].startswith("kpi_")}


def slowest_nodes(target, count=10):
    """The last dbt command's slowest nodes, and its time per resource type."""
    results = json.loads((target / "run_results.json").read_text())["results"]
    by_type = collections.Counter()
    for result in results:
        by_type[result["unique_id"].split(".")[0]] += result["execution_time"]
    slowest = sorted(results, key=lambda result: -result["execution_time"])[:count]
    return {"slowest": {result["unique_id"]: round(result["execution_time"], 2)
                        for result in slowest},
            "seconds_by_type": {kind: round(seconds, 1) for kind, seconds in by_type.items()}}


def node_name(unique_id):
    """A node's name: its unique id without the resource type and project,
    and without the hash that ends a generic test's."""
    return unique_id.split(".")[2]


def timed_query(con, sql, runs):
    """(timing summary, rows) of sql run --runs times, each fetching its
    result as an Arrow table (as BI tools' drivers do, without the cost of
    making a Python object of every value); the rows are fetched once more."""
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        con.execute(sql).to_arrow_table()
        seconds.append(time.perf_counter() - started)
    return summary(seconds), con.execute(sql).fetchall()


def row_differences(expected, actual):
    """The rows one list has more often than the other (order ignored), as
    (rows only in expected, rows only in actual); empty when they are equal."""
    expected, actual = collections.Counter(expected), collections.Counter(actual)
    return list((expected - actual).elements()), list((actual - expected).elements())


def check_same_rows(name, expected, actual):
    missing, extra = row_differences(expected, actual)
    if missing or extra:
        sys.exit(f"{name}: {len(missing)} rows missing, {len(extra)} rows extra, e.g. "
                 f"missing {missing[:2]}, extra {extra[:2]}")


def kpi_queries(database, target, runs, queries=QUERIES):
    """Each kpi model's compiled SQL timed over the build database; with a
    hand-written query in queries/<kpi>.sql, that one too, rows checked equal."""
    con = duckdb.connect(str(database), read_only=True)
    con.execute("set TimeZone = 'UTC'")
    timings = {}
    for kpi, sql in sorted(kpi_models(target).items()):
        timing, rows = timed_query(con, sql, runs)
        timings[kpi] = dict(timing, rows=len(rows))
        hand_written = queries / f"{kpi}.sql"
        if hand_written.exists():
            own_timing, own_rows = timed_query(con, hand_written.read_text(), runs)
            check_same_rows(f"{kpi} and {hand_written.name}", rows, own_rows)
            timings[kpi]["hand_written"] = own_timing
            timings[kpi]["ratio"] = round(timing["median_s"] / max(own_timing["median_s"], 1e-6), 2)
    con.close()
    return timings


def kpi_rows(database):
    """Every kpi_* relation's rows, by name."""
    con = duckdb.connect(str(database), read_only=True)
    names = [row[0] for row in con.execute(
        "select table_name from information_schema.tables "
        "where table_schema = 'main' and table_name like 'kpi_%' order by 1").fetchall()]
    rows = {name: con.execute(f"select * from main.{name}").fetchall() for name in names}
    con.close()
    return rows


def incremental(export, workdir, database, target, runs, full_build_rows):
    """One day of new data: database (replaced) built on the export without
    its last day, then the whole export loaded and built incrementally --runs
    times from that state; every kpi relation checked equal to
    full_build_rows. With the full build's database path and target, dbt
    reuses that build's parse."""
    day_before, base = workdir / "export-day-before", workdir / "incremental-base.duckdb"
    without_last_day(export, day_before)
    database.unlink(missing_ok=True)
    load(day_before, database)
    dbt(BUILD_UNTESTED, database, target)
    load(export, database)
    shutil.copy(database, base)
    measurements = []
    for _ in range(runs):
        shutil.copy(base, database)
        measurements.append(dbt(BUILD, database, target))
        rows = kpi_rows(database)
        if rows.keys() != full_build_rows.keys():
            sys.exit(f"incremental build: kpi relations {sorted(rows)} != {sorted(full_build_rows)}")
        for name, expected in full_build_rows.items():
            check_same_rows(f"{name} built incrementally and in full", expected, rows[name])
    base.unlink()
    return command_summary(measurements)


def bench_engine(result, engine, runs, workdir, database):
    """`dbt build` on PostgreSQL or Spark, on the raw tables of database."""
    target = workdir / "target"
    build = dbt_command([*BUILD, "--full-refresh", "--target", engine], target)
    copy = [sys.executable, "scripts/engines.py", "copy-raw", "--target", engine,
            "--schema", SCHEMA, "--database", str(database)]
    if engine == "postgres":
        with engines.postgres_server() as server:
            env = dict(dbt_env(database), **server)
            result["copy"] = command_summary([run_sampled(copy, env)])
            result["dbt_build"] = command_summary(
                [run_sampled(build, env, engines.POSTGRES_SYSTEM_USER) for _ in range(runs)])
    else:
        env = dict(dbt_env(database), **engines.spark_environment(workdir / "spark"))
        result["copy"] = command_summary([run_sampled(copy, env)])
        result["dbt_build"] = command_summary([run_sampled(build, env) for _ in range(runs)])
    return result


def bench_scale(scale, runs, workdir, engine="dev"):
    workdir.mkdir(parents=True, exist_ok=True)
    export, database = workdir / "export", workdir / "build.duckdb"
    target = workdir / "target"
    result = {"scale": scale, "cpus": os.cpu_count(), "target": engine}
    if not export.exists():
        result["generate"] = command_summary([generate(scale, export)])
    database.unlink(missing_ok=True)
    result["load"] = command_summary([load(export, database)])
    if engine != "dev":
        return bench_engine(result, engine, runs, workdir, database)
    result["dbt_parse"] = command_summary([dbt(["parse"], database, target)])
    result["dbt_build"] = command_summary(
        [dbt([*BUILD, "--full-refresh"], database, target) for _ in range(runs)])
    result["build_nodes"] = slowest_nodes(target)
    published = workdir / "published.duckdb"
    result["publish"] = command_summary(
        [publish(database, target, published) for _ in range(runs)])
    result["published_mb"] = round(published.stat().st_size / 2**20)
    published.unlink()
    result["dbt_run"] = command_summary(
        [dbt(["run", "--full-refresh"], database, target) for _ in range(runs)])
    result["database_mb"] = round(database.stat().st_size / 2**20)
    con = duckdb.connect(str(database), read_only=True)
    result["raw_rows"] = dict(con.execute(
        "select source_table, raw_rows from audit.audit_row_counts order by 1").fetchall())
    con.close()
    result["kpi_query"] = kpi_queries(database, target, runs)
    result["incremental_build"] = incremental(export, workdir, database, target, runs,
                                              kpi_rows(database))
    result["incremental_share"] = round(
        result["incremental_build"]["median_s"] / result["dbt_build"]["median_s"], 2)
    result["incremental_cpu_share"] = round(
        result["incremental_build"]["cpu_median_s"] / result["dbt_build"]["cpu_median_s"], 2)
    return result


def report(result):
    def line(name, timing):
        return (f"  {name:<18} median {timing['median_s']:8.2f} s  (min {timing['min_s']}, "
                f"max {timing['max_s']}, {timing['runs']} runs, CPU {timing['cpu_median_s']} s, peak "
                f"{timing['peak_memory_mb']} MB, load average {timing['load_average']})")

    print(f"\nscale {result['scale']:g} on {result['target']} ({result['cpus']} CPUs)")
    for step in ("generate", "load", "copy", "dbt_parse", "dbt_build", "publish", "dbt_run",
                 "incremental_build"):
        if step in result:
            print(line(step, result[step]))
    if result["target"] != "dev":
        return
    print("  raw rows: " + ", ".join(f"{t} {n}" for t, n in result["raw_rows"].items()))
    print(f"  incremental build / full build: {result['incremental_share']:.0%} of the time, "
          f"{result['incremental_cpu_share']:.0%} of the CPU time")
    print(f"  build database: {result['database_mb']} MB, published file: "
          f"{result['published_mb']} MB")
    nodes = result["build_nodes"]
    print("  dbt build, seconds by resource type (summed over threads): "
          + ", ".join(f"{kind} {seconds}" for kind, seconds in nodes["seconds_by_type"].items()))
    print("  slowest nodes: " + ", ".join(f"{node_name(node)} {seconds} s"
                                          for node, seconds in nodes["slowest"].items()))
    for kpi, timing in sorted(result["kpi_query"].items(), key=lambda item: -item[1]["median_s"]):
        text = f"  {kpi:<36} median {timing['median_s'] * 1000:8.1f} ms  ({timing['rows']} rows)"
        if "hand_written" in timing:
            text += (f"  hand-written {timing['hand_written']['median_s'] * 1000:.1f} ms, "
                     f"same rows, ratio {timing['ratio']}")
        print(text)


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
        results.append(bench_scale(scale, args.runs, workdir / f"{args.target}-scale-{scale:g}",
                                   args.target))
        report(results[-1])
        if args.json:
            args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
