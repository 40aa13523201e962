"""Write-audit-publish: build the warehouse, test it, and only then publish it.

    python scripts/build.py [--vars YAML] [--full-refresh] [--unit-tests]

1. Write: `dbt build` (every model, seed, data test and audit gate) runs in
   the build database (env CRM_BUILD_PATH, default build.duckdb), which also
   holds the raw CRM data the loader wrote. The dbt unit tests check the
   models' SQL on fixed rows, not the data: they run only with --unit-tests
   (`make test` runs them).
2. Audit: any failing test or gate stops here. The published warehouse is
   left exactly as it was, and the script says so with the gates' messages.
3. Publish: the models with `access: public` (kpi_* views, core dims and
   facts, audit summaries, warehouse_info) are copied as tables, with their
   descriptions, into a new file beside the published warehouse (env
   CRM_WAREHOUSE_PATH, default warehouse.duckdb), which then replaces it with
   one rename. Readers never wait: a connection open on the old file keeps
   reading it until it reconnects; a new connection sees the new one.

Exit codes: 0 published, 1 not published (a test, gate or dbt error), 2
refused (arguments, a raw schema the build database lacks, a locked build
database), 130 interrupted.
"""

import argparse
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import yaml

import crm_sources
from load_crm import IDENTIFIER, RESERVED_SCHEMAS

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LOCK_ERROR = "Could not set lock on file"
# A source mapping's warning as dbt prints it, after the time (a table read
# as no rows: macros/source_table.sql); an error's lines have no time.
SOURCE_WARNING = re.compile(r"^(?:\x1b\[[0-9;]*m)*\d\d:\d\d:\d\d\s+((?:%s): .*)$"
                            % "|".join(crm_sources.available()))
# One row in the build database: the raw schema its last published build read.
LAST_PUBLISHED = "main.last_published_build"
DEFAULT_RAW_SCHEMA = yaml.safe_load((ROOT / "dbt_project.yml").read_text())["vars"]["crm_raw_schema"]


def _ident(name):
    return '"' + name.replace('"', '""') + '"'


def _literal(text):
    return "'" + text.replace("'", "''") + "'"


def describe(warehouse):
    """What the published warehouse holds now, in a few words."""
    if not warehouse.exists():
        return "nothing was published there yet"
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            as_of, built_at = con.execute(
                "select max(as_of), max(built_at) from warehouse_info").fetchone()
        finally:
            con.close()
    except duckdb.Error:
        return "it holds an earlier build"
    return f"it still holds the build of {built_at:%Y-%m-%d %H:%M} UTC, as of {as_of}"


def previous_raw_schema(build_database):
    """The raw schema of the build database's last published build (a failed
    build may have left models of another one), or None when there is none."""
    try:
        con = duckdb.connect(str(build_database), read_only=True)
        try:
            return con.execute(f"select crm_raw_schema from {LAST_PUBLISHED}").fetchone()[0]
        finally:
            con.close()
    except duckdb.Error:
        return None


def missing_schema(build_database, variables):
    """A refusal naming the first schema var (crm_raw_schema, then
    crm_supplement_schema) whose schema the build database does not hold,
    or None. Not checked: the demo's schema (the build's seeds make it), a
    name that is not plain (the project refuses it, naming the var), and a
    build database another program holds open (dbt says so)."""
    wanted = [(name, str(variables.get(name) or "").strip())
              for name in ("crm_raw_schema", "crm_supplement_schema")]
    wanted = [(name, schema) for name, schema in wanted
              if IDENTIFIER.fullmatch(schema) and schema.lower() != DEFAULT_RAW_SCHEMA]
    if not wanted:
        return None
    schemas, holds = [], "there is no such file yet"
    if build_database.exists():
        try:
            con = duckdb.connect(str(build_database), read_only=True)
        except duckdb.Error:
            return None
        try:
            schemas = [row[0] for row in con.execute(
                "select schema_name from information_schema.schemata "
                "where catalog_name = current_database() order by schema_name").fetchall()]
        finally:
            con.close()
        raw = [schema for schema in schemas if schema.lower() not in RESERVED_SCHEMAS]
        holds = f"its raw schemas: {', '.join(raw) or 'none'}"
    present = {schema.lower() for schema in schemas}
    for name, schema in wanted:
        if schema.lower() not in present:
            return (f"var {name}: schema {schema} is not in the build database {build_database} "
                    f"({holds}); load an export into it with scripts/load_crm.py --schema "
                    f"{schema}, or name another")
    return None


def record_raw_schema(build_database, raw_schema):
    con = duckdb.connect(str(build_database))
    try:
        con.execute(f"create or replace table {LAST_PUBLISHED} as select ? as crm_raw_schema",
                    [raw_schema])
    finally:
        con.close()


def parse_vars(text):
    """The --vars YAML as a dict of plain values (a date such as 2026-03-31
    stays text, so the project checks it); None when it is not a mapping."""
    try:
        values = yaml.load(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError:
        return None
    return values if isinstance(values, dict) else None


def run_dbt(arguments, env, build_database):
    """Run dbt, echoing its output; return (exit code, whether the build
    database was locked by another process, the project's own var errors,
    the source mappings' warnings).
    dbt runs in the build database's folder and names the file without it:
    its partial parse, which compares the connection's values, then serves
    any build database of that name with the same vars (the tests build
    many)."""
    process = subprocess.Popen([str(BIN / "dbt"), *arguments, "--project-dir", str(ROOT)],
                               cwd=build_database.parent,
                               env=dict(env, CRM_BUILD_PATH=build_database.name),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    locked, var_errors, warnings = False, [], []
    try:
        for line in process.stdout:
            locked = locked or LOCK_ERROR in line
            if line.strip().startswith("var ") and line.strip() not in var_errors:
                var_errors.append(line.strip())
            warning = SOURCE_WARNING.match(line.rstrip())
            if warning and warning[1] not in warnings:
                warnings.append(warning[1])
            sys.stdout.write(line)
        return process.wait(), locked, var_errors, warnings
    except BaseException:
        process.send_signal(signal.SIGINT)
        # Read the rest of its output: dbt blocks writing to a full pipe, and
        # would then never exit.
        process.communicate()
        raise


def gate_messages(target_path, build_database):
    """The message column of every failing or warning audit gate."""
    results_file = target_path / "run_results.json"
    if not results_file.exists():
        return []
    results = json.loads(results_file.read_text())["results"]
    flagged = [r for r in results if r["unique_id"].startswith("test.")
               and ".audit_gate_" in r["unique_id"] and r["status"] in ("fail", "warn")]
    if not flagged:
        return []
    messages = []
    con = duckdb.connect(str(build_database), read_only=True)
    try:
        for result in flagged:
            level = "FAIL" if result["status"] == "fail" else "WARN"
            rows = con.execute(f"select message from ({result['compiled_code']}) as gate"
                               ).fetchall()
            messages += [f"{level} {message}" for (message,) in rows]
    finally:
        con.close()
    return messages


def public_models(target_path):
    manifest = json.loads((target_path / "manifest.json").read_text())
    return sorted((node["schema"], node["alias"]) for node in manifest["nodes"].values()
                  if node["resource_type"] == "model" and node.get("access") == "public")


def publish(build_database, warehouse, relations):
    """Copy the relations as tables with their comments into a new file, then
    rename it onto the published warehouse."""
    staging_file = warehouse.with_name(f".{warehouse.name}.publishing")
    staging_file.unlink(missing_ok=True)
    catalog = build_database.stem
    con = duckdb.connect()
    try:
        con.execute(f"attach {_literal(str(build_database))} as {_ident(catalog)} (read_only)")
        con.execute(f"attach {_literal(str(staging_file))} as published")
        for schema, name in relations:
            source = f"{_ident(catalog)}.{_ident(schema)}.{_ident(name)}"
            target = f"published.main.{_ident(name)}"
            con.execute(f"create table {target} as select * from {source}")
            comment = con.execute(
                "select comment from duckdb_tables() where database_name = ? and schema_name = ? "
                "and table_name = ? union all select comment from duckdb_views() "
                "where database_name = ? and schema_name = ? and view_name = ?",
                [catalog, schema, name] * 2).fetchone()
            if comment and comment[0]:
                con.execute(f"comment on table {target} is {_literal(comment[0])}")
            for column, text in con.execute(
                    "select column_name, comment from duckdb_columns() where database_name = ? "
                    "and schema_name = ? and table_name = ? and comment is not null",
                    [catalog, schema, name]).fetchall():
                con.execute(f"comment on column {target}.{_ident(column)} is {_literal(text)}")
        con.execute("checkpoint published")
    except BaseException:
        con.close()
        staging_file.unlink(missing_ok=True)
        raise
    con.close()
    # A write-ahead log beside the published file would be replayed onto the
    # new file; the project never writes one, but a crashed writer might have.
    Path(f"{warehouse}.wal").unlink(missing_ok=True)
    os.replace(staging_file, warehouse)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vars", default="{}", help="dbt vars, as for dbt --vars")
    parser.add_argument("--full-refresh", action="store_true",
                        help="rebuild incremental models from scratch")
    parser.add_argument("--unit-tests", action="store_true",
                        help="also run the dbt unit tests (they test the SQL, not the data)")
    args = parser.parse_args(argv)

    warehouse = Path(os.environ.get("CRM_WAREHOUSE_PATH") or "warehouse.duckdb").resolve()
    build_database = Path(os.environ.get("CRM_BUILD_PATH") or "build.duckdb").resolve()
    target_path = Path(os.environ.get("DBT_TARGET_PATH") or ROOT / "target").resolve()
    if warehouse == build_database:
        print("refused: CRM_WAREHOUSE_PATH and CRM_BUILD_PATH name the same file",
              file=sys.stderr)
        return 2
    build_database.parent.mkdir(parents=True, exist_ok=True)
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, DO_NOT_TRACK="1", DBT_PROFILES_DIR=str(ROOT),
               DBT_TARGET_PATH=str(target_path))
    # Both stop the build. Setting SIGINT too gives dbt its Ctrl-C handling
    # even when this process was started with SIGINT ignored (as under
    # nohup or some CI runners): dbt would then ignore it and run on.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    signal.signal(signal.SIGINT, signal.default_int_handler)

    variables = parse_vars(args.vars)
    if variables is None:
        print(f"refused: --vars must be a YAML mapping such as '{{as_of: 2026-03-31}}', "
              f"got {args.vars!r}", file=sys.stderr)
        return 2
    refusal = missing_schema(build_database, variables)
    if refusal:
        print(f"refused: {refusal}", file=sys.stderr)
        return 2
    # Incremental models compare the raw rows with what an earlier build
    # staged: unless the last published build read the same raw schema, where
    # every record would differ, they are rebuilt in full.
    raw_schema = variables.get("crm_raw_schema", DEFAULT_RAW_SCHEMA)
    previous = previous_raw_schema(build_database)
    full_refresh = args.full_refresh or previous != raw_schema
    if previous not in (None, raw_schema):
        print(f"{build_database} was built from raw schema {previous}, now {raw_schema}: "
              "incremental models are rebuilt in full (--full-refresh)")
    dbt_args = ["build", "--vars", json.dumps(variables)]
    dbt_args += ["--full-refresh"] if full_refresh else []
    dbt_args += [] if args.unit_tests else ["--exclude-resource-type", "unit_test"]
    (target_path / "run_results.json").unlink(missing_ok=True)
    try:
        code, locked, var_errors, warnings = run_dbt(dbt_args, env, build_database)
        # Said again where they are seen, before the outcome.
        for warning in warnings:
            print(f"warning: {warning}")
        if code == 0:
            for message in gate_messages(target_path, build_database):
                print(message)
            publish(build_database, warehouse, public_models(target_path))
            record_raw_schema(build_database, raw_schema)
    except KeyboardInterrupt:
        print(f"\ninterrupted: not published; {warehouse} is unchanged "
              f"({describe(warehouse)})", file=sys.stderr)
        return 130
    if code != 0:
        print()
        for error in var_errors:
            print(f"refused: {error}", file=sys.stderr)
        if locked:
            print(f"refused: another program holds {build_database} open (DuckDB allows one "
                  "writer). Close it and build again; readers of the published warehouse "
                  "never block a build.", file=sys.stderr)
        for message in gate_messages(target_path, build_database):
            print(message, file=sys.stderr)
        print(f"build failed: not published; {warehouse} is unchanged "
              f"({describe(warehouse)})", file=sys.stderr)
        return 2 if locked or var_errors else 1
    print(f"\npublished {warehouse}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
