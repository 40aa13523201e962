"""Helpers for the end-to-end tests: run dbt on a warehouse in a temp dir."""

import contextlib
import csv
import fcntl
import gc
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from dbt.adapters.duckdb.connections import DuckDBConnectionManager
from dbt.cli.main import dbtRunner

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "scripts"))
import crm_contract  # noqa: E402


# For every test build: no debug log file (it costs about a second a build;
# a failing test shows dbt's output instead), and one dbt thread (dbt is
# bound by Python: on the tests' small data one thread builds as fast with
# about a tenth less CPU, and pytest runs two builds at once).
TEST_BUILD_ENV = {"DBT_LOG_LEVEL_FILE": "none", "CRM_DBT_THREADS": "1"}


# The as_of of the test builds through scripts/build.py, the published
# demo's among them: in the middle of the demo CRM's data (2024-11 to
# 2026-10; make demo builds it as of its last day), so deals, leads and
# activities after it exist, and the as-of flags of the facts, the metrics
# and the dashboard's periods matter.
PUBLISHED_AS_OF = "2026-03-15"


# Where dbt's partial parses are kept, from one test session to the next
# (a clean clone has none). dbt parses the project again (about 5 s of CPU)
# unless the vars and the connection's values are those of the target's
# last parse: builds run in their database's folder with the file named
# without it (as scripts/build.py does), and a target starts from the latest
# parse of a build with the same vars and file name. dbt checks the parse
# itself and parses again what changed since: a stale one costs time, never
# a wrong build.
PARSES = ROOT / ".build" / "test" / "dbt-parses"


# The test files that take longest (seconds of a worker, measured), run
# first: make test hands pytest-xdist the files in collection order
# (--no-loadscope-reorder), so the two workers finish together instead of
# one running the benchmark alone at the end. The rest follow in their order.
LONGEST_FIRST = ["test_publish.py", "test_end_to_end.py", "test_benchmark.py", "test_dashboard.py",
                 "test_shapes.py", "test_source_hubspot.py", "test_semantic_layer.py",
                 "test_salesforce_fivetran.py"]


def pytest_collection_modifyitems(items):
    def rank(item):
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)
    items.sort(key=rank)


def session_root(tmp_path_factory):
    """A temp folder all pytest-xdist workers of this session share."""
    root = tmp_path_factory.getbasetemp()
    return root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root


def _parse_file(variables, database):
    key = hashlib.sha256(json.dumps([variables, database.name], sort_keys=True).encode())
    return PARSES / f"{key.hexdigest()[:16]}.msgpack"


def reuse_parse(target, variables, database):
    """Start target (a dbt --target-path) from the parse an earlier build of
    a database of that name with these variables shared, if any."""
    shared, own = _parse_file(variables, database), target / "partial_parse.msgpack"
    if shared.exists() and not own.exists():
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(shared, own)


def share_parse(target, variables, database):
    """Keep target's parse for later builds."""
    shared, own = _parse_file(variables, database), target / "partial_parse.msgpack"
    if own.exists():
        PARSES.mkdir(parents=True, exist_ok=True)
        partial = shared.with_suffix(f".{os.getpid()}")
        shutil.copy(own, partial)
        os.replace(partial, shared)


def run_dbt(args, warehouse, tmp_path, variables=None, unit_tests=False, transcript=False):
    """Run dbt in the project with `warehouse` as its build database (raw,
    staging, audit and marts all in one file); fail with the nodes that
    failed. The dbt unit tests check the models' SQL on fixed rows, not the
    data: they run only if unit_tests (once per source: the published demo
    runs the contract's, one build of each mapping its own).

    Only if transcript does dbt log to stdout (returned) and write its JSON
    artifacts (manifest.json, run_results.json) under tmp_path/target: the
    tests that read them say so. Without, a build costs about a seventh less
    CPU: dbt formats every event for a logger that drops it, and writes the
    manifest (4 MB) twice.

    dbt runs in this process, as the dbt command runs it (dbtRunner): a
    build then costs about a sixth less CPU than starting dbt for it."""
    env = dict(DO_NOT_TRACK="1", DBT_PROFILES_DIR=str(ROOT), CRM_BUILD_PATH=warehouse.name,
               **TEST_BUILD_ENV)
    if not unit_tests:
        env["DBT_EXCLUDE_RESOURCE_TYPES"] = "unit_test"
    arguments = [*args, "--project-dir", str(ROOT), "--target-path", str(tmp_path / "target"),
                 "--log-path", str(tmp_path / "logs")]
    arguments += [] if transcript else ["--log-level", "none", "--no-write-json"]
    if variables:
        arguments += ["--vars", json.dumps(variables)]
    reuse_parse(tmp_path / "target", variables, warehouse)
    output = io.StringIO()
    with dbt_process_state(env, warehouse.parent), contextlib.redirect_stdout(output):
        result = dbtRunner().invoke(arguments)
    share_parse(tmp_path / "target", variables, warehouse)
    assert result.success, output.getvalue()[-6000:] + failures(result)
    return output.getvalue()


def failures(result):
    """The nodes of a dbt run that did not pass or succeed, with their
    messages, and its exception."""
    nodes = getattr(result.result, "results", None) or []
    failed = [f"{node.node.unique_id}: {node.status}: {node.message}" for node in nodes
              if str(node.status) not in ("pass", "success", "skipped")]
    return "\n".join(failed) + "\n" + repr(result.exception)


@contextlib.contextmanager
def dbt_process_state(env, directory):
    """os.environ with env and the working directory `directory` while dbt
    runs, both restored after; and then the build database closed: dbt-duckdb
    keeps it open in the process until exit, where a read-only connection
    (query) could not open it."""
    saved, cwd = dict(os.environ), os.getcwd()
    os.environ.update(env)
    os.chdir(directory)
    try:
        yield
    finally:
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(saved)
        DuckDBConnectionManager.close_all_connections()
        gc.collect()


def run_script(script, *args):
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / script), *map(str, args)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def build_from_export(export_dir, tmp_path, as_of, schema="crm_raw", variables=None,
                      transcript=False):
    """Load an export with the loader and build the warehouse on it."""
    warehouse = tmp_path / "build" / "build.duckdb"
    run_script("load_crm.py", "--schema", schema, "--database", warehouse, export_dir)
    run_dbt(["build"], warehouse, tmp_path,
            {"crm_raw_schema": schema, "as_of": as_of, **(variables or {})},
            transcript=transcript)
    return warehouse


def read_rows(path):
    """A CSV file's rows, as dicts (a file of acceptance data)."""
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_table(directory, table, rows):
    """directory/<table>.csv with the contract's columns, from dicts (a
    column a dict lacks is empty): what a user's export script writes."""
    with open(directory / f"{table}.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, crm_contract.column_names(table))
        writer.writeheader()
        writer.writerows(rows)


def undocumented(warehouse, target, in_scope):
    """The models (those in_scope(node) of the manifest under target) without
    a description, the built columns without one and the documented columns
    not built, as model or model.column; and how many models were in scope."""
    manifest = json.loads((target / "manifest.json").read_text())
    models = [n for n in manifest["nodes"].values() if n["resource_type"] == "model"
              and in_scope(n)]
    missing = []
    for model in models:
        if not model["description"].strip():
            missing.append(model["name"])
        documented = {name for name, column in model["columns"].items()
                      if column["description"].strip()}
        built = [row[0] for row in query(
            warehouse, "select column_name from information_schema.columns "
                       f"where table_name = '{model['alias']}' "
                       f"and table_schema = '{model['schema']}'")]
        assert built, f"{model['name']} was not built"
        missing += [f"{model['name']}.{c}" for c in built if c not in documented]
        missing += [f"{model['name']}.{c} (documented, not built)"
                    for c in model["columns"] if c not in built]
    return missing, len(models)


def unit_test_results(target):
    """The dbt unit tests of the manifest under target ({unique id: node}),
    and the unique ids of the unit tests that passed in its run results."""
    unit_tests = json.loads((target / "manifest.json").read_text())["unit_tests"]
    passed = {result["unique_id"] for result in
              json.loads((target / "run_results.json").read_text())["results"]
              if result["unique_id"].startswith("unit_test.") and result["status"] == "pass"}
    return unit_tests, passed


def query(warehouse, sql):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture
def export(tmp_path):
    """An empty folder for an export the test writes."""
    directory = tmp_path / "export"
    directory.mkdir()
    return directory


@pytest.fixture
def database(tmp_path):
    """A build database path that does not exist yet."""
    return tmp_path / "build.duckdb"


@pytest.fixture(scope="session")
def root():
    return ROOT


def built_once(tmp_path_factory, name, build):
    """The directory where build(directory) ran: once per test session, by
    the first of the pytest-xdist workers to ask (the others wait for it),
    so a build several test files read is made once. Its users only read it
    (or copy it)."""
    root = session_root(tmp_path_factory)
    directory = root / f"built-once-{name}"
    with open(root / f"built-once-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (directory / ".built").exists():
            shutil.rmtree(directory, ignore_errors=True)
            directory.mkdir()
            build(directory)
            (directory / ".built").touch()
    return directory


@pytest.fixture(scope="session")
def mini_build(tmp_path_factory):
    """The hand-written export tests/python/data/mini_crm, loaded and built
    with as_of 2026-03-15: (warehouse path, dbt target dir)."""
    tmp = built_once(tmp_path_factory, "mini", lambda tmp: build_from_export(
        ROOT / "tests/python/data/mini_crm", tmp, "2026-03-15", transcript=True))
    return tmp / "build" / "build.duckdb", tmp / "target"


@pytest.fixture(scope="session")
def generated_build(tmp_path_factory):
    """The generated CRM at scale 0.3 in the contract's shape, written as CSV
    (the files the oracles read) and as typed Parquet (timestamps, dates and
    decimals as a sync delivers them); the Parquet loaded and built with
    as_of 2026-10-31: (CSV export folder, build database). test_end_to_end
    builds the CSV with faults injected and holds it equal to this build."""
    def build(tmp):
        run_script("generate_crm_data.py", "--out", tmp / "export", "--scale", "0.3")
        run_script("generate_crm_data.py", "--out", tmp / "parquet", "--scale", "0.3",
                   "--format", "parquet")
        build_from_export(tmp / "parquet", tmp, "2026-10-31")

    tmp = built_once(tmp_path_factory, "generated", build)
    return tmp / "export", tmp / "build" / "build.duckdb"


def run_build(tmp, warehouse, build_database, variables=None, unit_tests=False, **popen):
    """scripts/build.py (write-audit-publish) with its own build database,
    dbt target and logs, as_of PUBLISHED_AS_OF unless variables say otherwise,
    the dbt unit tests only if unit_tests; with popen arguments, the running
    process."""
    env = dict(os.environ, CRM_WAREHOUSE_PATH=str(warehouse),
               CRM_BUILD_PATH=str(build_database), DBT_TARGET_PATH=str(tmp / "target"),
               DBT_LOG_PATH=str(tmp / "logs"), **TEST_BUILD_ENV)
    variables = {"as_of": PUBLISHED_AS_OF, **(variables or {})}
    command = [sys.executable, str(ROOT / "scripts" / "build.py"),
               "--vars", json.dumps(variables), *(["--unit-tests"] if unit_tests else [])]
    reuse_parse(tmp / "target", variables, build_database)
    if popen:
        return subprocess.Popen(command, cwd=ROOT, env=env, text=True, **popen)
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    share_parse(tmp / "target", variables, build_database)
    return result


@pytest.fixture(scope="session")
def published_demo(tmp_path_factory):
    """The demo CRM built and published as `make demo` does, every dbt unit
    test included, but with as_of PUBLISHED_AS_OF: (tmp dir with the dbt target,
    published file, build database). Tests that rebuild or replace them work
    on copies."""
    def build(tmp):
        result = run_build(tmp, tmp / "warehouse.duckdb", tmp / "build" / "build.duckdb",
                           unit_tests=True)
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr

    tmp = built_once(tmp_path_factory, "published", build)
    return tmp, tmp / "warehouse.duckdb", tmp / "build" / "build.duckdb"


@pytest.fixture(scope="session")
def published_warehouse(published_demo):
    """The published demo warehouse, as BI tools and the dashboard read it."""
    return published_demo[1]
