"""Write-audit-publish as BI tools and users meet it: the published file
holds the product and nothing else, readers are never blocked by a rebuild,
and a failed, interrupted or refused build leaves the published warehouse
exactly as it was and says so."""

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

import duckdb
import pytest

import build as build_script
from conftest import (PUBLISHED_AS_OF, ROOT, query, run_build as build, run_dbt, run_script,
                      unit_test_results)

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def demo(published_demo):
    return published_demo


@pytest.fixture
def published_copy(demo, tmp_path):
    """A copy of the published demo warehouse that a test may try to replace."""
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(demo[1], warehouse)
    return warehouse


def public_models(tmp):
    manifest = json.loads((tmp / "target" / "manifest.json").read_text())
    return {node["alias"] for node in manifest["nodes"].values()
            if node["resource_type"] == "model" and node.get("access") == "public"}


def test_the_published_file_holds_only_the_product(demo):
    tmp, warehouse, _ = demo
    con = duckdb.connect(str(warehouse), read_only=True)
    tables = con.execute("select schema_name, table_name, comment from duckdb_tables()").fetchall()
    views = con.execute("select view_name from duckdb_views() where not internal").fetchall()
    columns = con.execute("select table_name, column_name, data_type, comment "
                          "from duckdb_columns() where not internal").fetchall()
    assert views == []
    assert {schema for schema, _, _ in tables} == {"main"}
    names = {name for _, name, _ in tables}
    assert names == public_models(tmp)
    assert {f"kpi_{n}" for n in ["win_rate", "mrr", "nps"]} | {"warehouse_info",
            "audit_row_counts", "audit_quarantine_reasons", "fct_opportunities"} <= names
    assert not names & {"audit_quarantine", "audit_data_quality_warnings", "stg_crm__leads"}
    assert all(comment for _, _, comment in tables)
    assert all(comment for *_, comment in columns)
    assert not {column for _, column, _, _ in columns} & {"email", "raw_row", "full_name"}
    for table, column, data_type, _ in columns:
        if data_type == "VARCHAR":
            values = con.execute(f'select distinct "{column}" from "{table}"').fetchall()
            assert not [v for (v,) in values if v and EMAIL.search(v)], (table, column)
    assert con.execute("select count(*), min(as_of), count(distinct built_at) "
                       "from warehouse_info").fetchone() == (17, duckdb.sql(
                           f"select date '{PUBLISHED_AS_OF}'").fetchone()[0], 1)
    con.close()


def test_a_renamed_copy_answers_every_relation(demo, tmp_path):
    tmp, warehouse, _ = demo
    copy = tmp_path / "elsewhere" / "sales_kpis.duckdb"
    copy.parent.mkdir()
    shutil.copy(warehouse, copy)
    con = duckdb.connect()
    con.execute(f"attach '{copy}' as any_alias (read_only)")
    for name in public_models(tmp):
        assert con.execute(f'select count(*) from any_alias.main."{name}"').fetchone()[0] >= 0
    assert con.execute("select count(*) from any_alias.kpi_win_rate").fetchone()[0] > 0


HOLDER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
query = "select cast(max(built_at) as varchar) from warehouse_info"
print(con.execute(query).fetchone()[0], flush=True)
sys.stdin.readline()
print(con.execute(query).fetchone()[0], flush=True)
"""


def test_readers_are_never_blocked_by_a_rebuild_from_another_raw_schema(demo, tmp_path):
    """The demo published and its build database kept, then a user's export
    loaded into it and built: a reader polling every 50 ms through the
    rebuild sees no failed query; a BI tool (another process) holding a
    connection open keeps the old version, does not fail the build, and a
    new connection sees the new one; fct_activities, staged incrementally
    from the demo, does not keep the demo's activities."""
    warehouse, build_database = tmp_path / "warehouse.duckdb", tmp_path / "build" / "build.duckdb"
    shutil.copy(demo[1], warehouse)
    build_database.parent.mkdir()
    shutil.copy(demo[2], build_database)
    run_script("load_crm.py", "--schema", "crm_raw", "--database", build_database,
               ROOT / "tests/python/data/mini_crm")
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(warehouse)], text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    old_built_at = holder.stdout.readline().strip()
    polls, failures, built_at_seen, stop = [0], [], set(), threading.Event()

    def poll():
        while not stop.is_set():
            try:
                con = duckdb.connect(str(warehouse), read_only=True)
                try:
                    con.execute("select sum(won_count) from kpi_win_rate").fetchone()
                    built_at_seen.add(con.execute(
                        "select cast(max(built_at) as varchar) from warehouse_info"
                    ).fetchone()[0])
                finally:
                    con.close()
                polls[0] += 1
            except duckdb.Error as error:
                failures.append(str(error))
            time.sleep(0.05)

    reader = threading.Thread(target=poll)
    reader.start()
    time.sleep(1)  # the build_at second changes
    try:
        result = build(tmp_path, warehouse, build_database,
                       {"crm_raw_schema": "crm_raw", "as_of": "2026-03-15"})
        time.sleep(0.5)
    finally:
        stop.set()
        reader.join()
    print(f"\nreader: {polls[0]} queries, {len(failures)} failed, during one rebuild")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert failures == []
    assert polls[0] > 50
    held, _ = holder.communicate("\n", timeout=60)
    assert held.strip() == old_built_at
    new = duckdb.connect(str(warehouse), read_only=True)
    new_built_at = new.execute("select cast(max(built_at) as varchar) from warehouse_info"
                               ).fetchone()[0]
    new.close()
    assert new_built_at > old_built_at
    assert built_at_seen == {old_built_at, new_built_at}
    assert ("built from raw schema demo_crm, now crm_raw: incremental models are rebuilt "
            "in full") in result.stdout
    assert [row[0] for row in query(warehouse, "select activity_id from fct_activities order by 1")
            ] == ["X1", "X2", "X3"]


def test_a_build_whose_deal_dates_are_dmy_fails_the_gate_and_publishes_nothing(
        published_copy, tmp_path):
    """Deals synced with every date written DD/MM/YYYY (the loader refuses
    such a file without --date-format; a sync writes it as it is): staging
    quarantines every deal, and the gate stops the build."""
    build_database = tmp_path / "build.duckdb"
    run_script("load_crm.py", "--schema", "crm_raw", "--database", build_database,
               ROOT / "tests/python/data/mini_crm")
    con = duckdb.connect(str(build_database))
    con.execute("update crm_raw.opportunities set " + ", ".join(
        f"{column} = regexp_replace({column}, '^(\\d{{4}})-(\\d{{2}})-(\\d{{2}})', '\\3/\\2/\\1')"
        for column in ["created_at", "expected_close_date", "closed_at", "updated_at"]))
    assert con.execute("select created_at from crm_raw.opportunities limit 1").fetchone()[0][2] == "/"
    con.close()
    before = digest(published_copy)
    result = build(tmp_path, published_copy, build_database, {"crm_raw_schema": "crm_raw"})
    assert result.returncode == 1
    assert digest(published_copy) == before
    assert re.search(r"FAIL raw table opportunities: none of its \d+ rows could be staged "
                     r"\(\d+ quarantined, most for \"unparseable created_at\"\)\. dates that are "
                     r"not ISO .* --date-format DMY", result.stderr), result.stderr
    assert "not published" in result.stderr and "is unchanged" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_a_build_without_deals_fails_unless_allowed(published_copy, tmp_path):
    """A sync without its opportunity or deal table (read as no rows) looks
    like this export without deals: every other table has rows, nothing is
    quarantined, and every deal KPI would be empty. The gate stops it; the
    var audit_allow_no_deals lets a CRM without deals publish."""
    build_database = tmp_path / "build.duckdb"
    run_script("load_crm.py", "--schema", "crm_raw", "--database", build_database,
               ROOT / "tests/python/data/mini_crm")
    con = duckdb.connect(str(build_database))
    for table in ("opportunities", "opportunity_stage_history"):
        con.execute(f"delete from crm_raw.{table}")
    con.close()
    before = digest(published_copy)
    variables = {"crm_raw_schema": "crm_raw"}
    result = build(tmp_path, published_copy, build_database, variables)
    assert result.returncode == 1
    assert digest(published_copy) == before
    fails = [line for line in result.stderr.splitlines() if line.startswith("FAIL ")]
    assert fails == [
        "FAIL no deal was staged: the raw opportunities table has no rows (a sync without its "
        "opportunity or deal table reads it as no rows, with a warning), so every deal KPI "
        "would be empty; load the deals, or set the var audit_allow_no_deals: true to publish "
        "a warehouse without them"], result.stderr
    # The same gate on the same build database, with the var: it passes.
    run_dbt(["test", "--select", "audit_gate_deals_are_staged"], build_database, tmp_path,
            {**variables, "as_of": PUBLISHED_AS_OF, "audit_allow_no_deals": True})


def test_a_build_on_empty_raw_tables_fails_saying_they_are_empty(published_copy, tmp_path):
    """The raw schema holds the contract's tables without a row (a sync that
    has not run yet): nothing is rejected, so only the month spine's gate can
    stop the build, and it says why."""
    build_database = tmp_path / "build.duckdb"
    run_script("load_crm.py", "--schema", "crm_raw", "--database", build_database,
               ROOT / "tests/python/data/mini_crm")
    con = duckdb.connect(str(build_database))
    for (table,) in con.execute("select table_name from information_schema.tables "
                                "where table_schema = 'crm_raw'").fetchall():
        con.execute(f"delete from crm_raw.{table}")
    con.close()
    before = digest(published_copy)
    result = build(tmp_path, published_copy, build_database, {"crm_raw_schema": "crm_raw"})
    assert result.returncode == 1
    assert digest(published_copy) == before
    assert ("FAIL dim_months is empty: no staged row has a date, so every KPI would be empty; "
            "are the raw tables in schema crm_raw empty?") in result.stderr, result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_a_raw_schema_the_build_database_lacks_is_refused_naming_it(published_copy, tmp_path):
    """A typo in crm_raw_schema, or a load into another build database: one
    line says which schema is missing and which there are, before dbt runs
    (it would fail once per raw table). The demo's own schema, made by the
    build's seeds, is not checked."""
    build_database = tmp_path / "build.duckdb"
    run_script("load_crm.py", "--schema", "crm_raw", "--database", build_database,
               ROOT / "tests/python/data/mini_crm")
    before = digest(published_copy)
    for variables, missing in [
            ({"crm_raw_schema": "crm_rwa"}, "var crm_raw_schema: schema crm_rwa"),
            ({"crm_raw_schema": "crm_raw", "crm_supplement_schema": "extra"},
             "var crm_supplement_schema: schema extra")]:
        result = build(tmp_path, published_copy, build_database, variables)
        assert result.returncode == 2
        assert result.stderr.splitlines()[0] == (
            f"refused: {missing} is not in the build database {build_database} (its raw "
            "schemas: crm_raw); load an export into it with scripts/load_crm.py --schema "
            f"{missing.split()[-1]}, or name another"), result.stderr
        assert "dbt" not in result.stdout + result.stderr
        assert digest(published_copy) == before
    # Without a build database at all, the same line says there is none.
    result = build(tmp_path, published_copy, tmp_path / "none.duckdb", {"crm_raw_schema": "crm_raw"})
    assert result.returncode == 2
    assert (f"refused: var crm_raw_schema: schema crm_raw is not in the build database "
            f"{tmp_path / 'none.duckdb'} (there is no such file yet); load") in result.stderr
    assert not (tmp_path / "none.duckdb").exists()


def test_an_interrupted_build_leaves_the_published_warehouse_as_it_was(published_copy,
                                                                       tmp_path):
    """SIGTERM stops the build at once and publishes nothing, also when the
    build was started with SIGINT ignored (as under nohup; dbt, stopped with
    SIGINT, would then run on to the end)."""
    before = digest(published_copy)
    process = build(tmp_path, published_copy, tmp_path / "build.duckdb",
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                    preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    for line in process.stdout:  # interrupt once models are being written
        if " OK created sql " in line:
            break
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130
    assert "interrupted: not published" in stderr
    assert digest(published_copy) == before
    assert not list(tmp_path.glob(".*publishing"))
    con = duckdb.connect(str(tmp_path / "build.duckdb"), read_only=True)
    kpis = con.execute("select count(*) from information_schema.tables "
                       "where table_name like 'kpi%'").fetchone()[0]
    con.close()
    assert kpis < 31, "dbt ran on to the end"


@pytest.mark.parametrize("variables, message", [
    ({"as_of": "2026-13-45"}, "var as_of is not a calendar date: '2026-13-45'"),
    ({"as_of": "2026-02-29"}, "var as_of is not a calendar date: '2026-02-29'"),
    ({"as_of": "2999-01-01"}, "var as_of 2999-01-01 is after today"),
    ({"reporting_currency": "EURO"}, "var reporting_currency must be a three-letter currency"),
    ({"crm_raw_schema": 'x"; drop table y; --'}, "var crm_raw_schema must be a plain schema"),
    ({"crm_source": "pipedrive"}, "var crm_source must be contract, salesforce or hubspot"),
    ({"audit_allow_no_deals": "maybe"}, "var audit_allow_no_deals must be true or false, got 'maybe'"),
])
def test_nonsense_vars_are_refused_before_anything_changes(published_copy, tmp_path,
                                                           variables, message):
    build_database = tmp_path / "build.duckdb"
    before = digest(published_copy)
    result = build(tmp_path, published_copy, build_database, variables)
    assert result.returncode == 2
    refusals = [line for line in result.stderr.splitlines() if line.startswith("refused: ")]
    assert len(refusals) == 1 and message in refusals[0], result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert digest(published_copy) == before
    assert not build_database.exists()


def test_a_build_database_held_open_is_explained_not_a_traceback(published_copy, tmp_path):
    build_database = tmp_path / "build.duckdb"
    writer = duckdb.connect(str(build_database))  # another program writing to it
    try:
        before = digest(published_copy)
        result = build(tmp_path, published_copy, build_database)
    finally:
        writer.close()
    assert result.returncode == 2
    assert "refused: another program holds" in result.stderr, result.stderr
    assert digest(published_copy) == before


def test_a_source_mappings_warnings_are_said_again_after_dbt():
    """dbt prints a mapping's warning among some 250 lines of nodes (lines
    as dbt printed them, building Fivetran's HubSpot rows): build.py
    repeats it before it says whether it published. A compilation error's
    lines, which have no time, are not warnings."""
    printed = [
        "\x1b[0m09:22:00  12 of 254 START sql table model staging.hubspot__products ...... [RUN]",
        "\x1b[0m09:22:00  hubspot: there is no table hubspot_raw.line_item; read as no rows",
        '  hubspot: "build"."hubspot_raw"."deal" lacks the required columns deal_pipeline_id '
        "(see models/staging/hubspot/_hubspot__sources.yml)",
        '09:22:00  salesforce: "build"."sf_raw"."opportunity_history" has opportunity_id and no '
        "field: it holds Fivetran History Mode versions of Opportunity; not read (no rows)"]
    assert [match[1] for match in map(build_script.SOURCE_WARNING.match, printed) if match] == [
        "hubspot: there is no table hubspot_raw.line_item; read as no rows",
        'salesforce: "build"."sf_raw"."opportunity_history" has opportunity_id and no field: it '
        "holds Fivetran History Mode versions of Opportunity; not read (no rows)"]


def test_the_demo_build_runs_every_dbt_unit_test(demo):
    """The build `make demo` runs (and pytest's published demo with it) runs
    every unit test of the project, and each passes."""
    unit_tests, passed = unit_test_results(demo[0] / "target")
    assert len(unit_tests) > 50
    assert passed == set(unit_tests)


def test_the_summary_describes_the_published_warehouse(demo):
    """What `make demo` prints after publishing: where every raw row went,
    what was rejected, the file with its as_of, and the example query."""
    _, warehouse, _ = demo
    out = run_script("summary.py", "--warehouse", warehouse).stdout
    assert re.search(r"^  opportunities +(\d+) +\1 +0 +0 +0$", out, re.M), out
    assert "Rejected rows: 0 (audit_quarantine_reasons" in out
    assert f"Warehouse: {warehouse} (as of {PUBLISHED_AS_OF}, built " in out
    # The example query's rows, the latest month (as_of's) first.
    assert re.search(rf"^  month +won +closed +win_rate +won_amount_eur\n  -+  -+  -+  -+  -+\n"
                     rf"  {PUBLISHED_AS_OF[:8]}01 +\d+ +\d+ +0\.\d+ +\d+\.\d+$", out, re.M), out


def test_make_sql_is_a_read_only_prompt_on_the_warehouse(published_copy):
    """make sql, the SQL prompt the summary names: the DuckDB CLI of .venv
    on the published file, read-only, so BI tools and the dashboard open
    the file while it is open, and a write through it fails."""
    prompt = subprocess.Popen(["make", "--no-print-directory", "-s", "sql"], cwd=ROOT, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env=dict(os.environ, CRM_WAREHOUSE_PATH=str(published_copy)))
    try:
        prompt.stdin.write(".mode csv\nselect count(*) > 0 as has_rows from kpi_win_rate;\n")
        prompt.stdin.flush()
        assert prompt.stdout.readline() == "has_rows\n" and prompt.stdout.readline() == "true\n"
        assert query(published_copy, "select count(*) from kpi_mrr")[0][0] > 0
        out, err = prompt.communicate("delete from kpi_win_rate;\n", timeout=60)
    finally:
        prompt.kill()
    assert "read-only" in err, err
    assert "Example query (make sql: " in run_script("summary.py", "--warehouse", published_copy).stdout


def test_the_summary_example_is_one_with_rows_in_the_reporting_currency(published_copy):
    """A CRM without deals (subscriptions only, say) gets the MRR example,
    its amounts named after its reporting currency."""
    con = duckdb.connect(str(published_copy))
    con.execute("delete from kpi_win_rate")
    con.execute("update warehouse_info set reporting_currency = 'USD'")
    con.close()
    out = run_script("summary.py", "--warehouse", published_copy).stdout
    assert "from kpi_win_rate" not in out and "from kpi_mrr" in out
    assert re.search(rf"^  month +mrr_usd +active_customers\n  -+  -+  -+\n  {PUBLISHED_AS_OF[:8]}01 "
                     r"+\d+\.\d\d +\d+$", out, re.M), out
