"""Helpers for the end-to-end tests: run dbt on a warehouse in a temp dir."""

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "scripts"))


def run_dbt(args, warehouse, tmp_path, variables=None):
    """Run dbt in the project against the warehouse file; fail with its output."""
    env = dict(os.environ, DO_NOT_TRACK="1", DBT_PROFILES_DIR=str(ROOT),
               CRM_WAREHOUSE_PATH=str(warehouse))
    command = [str(BIN / "dbt"), *args, "--project-dir", str(ROOT),
               "--target-path", str(tmp_path / "target"),
               "--log-path", str(tmp_path / "logs")]
    if variables:
        command += ["--vars", repr(variables).replace("'", '"')]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    return result.stdout


def run_script(script, *args):
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / script), *map(str, args)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def build_from_export(export_dir, tmp_path, as_of, schema="crm_raw"):
    """Load an export with the loader and build the warehouse on it."""
    warehouse = tmp_path / "warehouse" / "warehouse.duckdb"
    run_script("load_crm.py", "--schema", schema, "--warehouse", warehouse, export_dir)
    run_dbt(["build"], warehouse, tmp_path, {"crm_raw_schema": schema, "as_of": as_of})
    return warehouse


def query(warehouse, sql):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def mini_build(tmp_path_factory):
    """The hand-written export tests/python/data/mini_crm, loaded and built
    with as_of 2026-03-15: (warehouse path, dbt target dir)."""
    tmp = tmp_path_factory.mktemp("mini")
    warehouse = build_from_export(ROOT / "tests/python/data/mini_crm", tmp, "2026-03-15")
    return warehouse, tmp / "target"


@pytest.fixture(scope="session")
def published_warehouse(tmp_path_factory):
    """The demo warehouse as BI tools get it (as_of 2026-10-31): a file with
    only tables in schema main (the kpi_* views, dims and facts copied as
    tables) and warehouse_info (as_of, built_at, crm_raw_schema,
    reporting_currency, project_version, and one row per raw table with its
    raw_rows). Stand-in for the project's publish step."""
    tmp = tmp_path_factory.mktemp("published")
    build = tmp / "build" / "warehouse.duckdb"
    build.parent.mkdir()
    run_dbt(["build"], build, tmp, {"as_of": "2026-10-31"})
    published = tmp / "published" / "warehouse.duckdb"
    published.parent.mkdir()
    con = duckdb.connect()
    try:
        con.execute(f"attach '{build}' as warehouse (read_only)")
        con.execute("use warehouse")
        con.execute(f"attach '{published}' as published")
        names = [row[0] for row in con.execute(
            "select table_name from information_schema.tables "
            "where table_catalog = 'warehouse' and table_schema = 'main' order by 1").fetchall()]
        for name in names:
            con.execute(f"create table published.main.{name} as select * from main.{name}")
        con.execute("""
            create table published.main.warehouse_info as
            select
                date '2026-10-31' as as_of,
                cast(now() at time zone 'UTC' as timestamp) as built_at,
                'demo_crm' as crm_raw_schema,
                'EUR' as reporting_currency,
                '0.1.0' as project_version,
                source_table,
                cast(raw_rows as bigint) as raw_rows
            from staging.stg_crm__row_counts""")
        con.execute("detach published")
    finally:
        con.close()
    return published
