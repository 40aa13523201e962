"""Load a CRM export (CSV or Parquet files) into a raw schema of the build database.

    python scripts/load_crm.py --schema NAME DIR [--database PATH] [--replace-all]
                               [--delimiter X] [--decimal-comma] [--date-format DMY|MDY|YMD]
                               [--source NAME [--rename OLD=NEW ...]]

The build database (default: $CRM_BUILD_PATH, else build.duckdb) holds the
raw data and the build's working state; the published warehouse.duckdb is
not written.

DIR holds one file per contract table (crm_contract.TABLES): <table>.csv or
<table>.parquet. Every file is checked first (columns exactly as the
contract names them, in any order); every problem of every file is reported
and nothing is written. Then the tables that have a file are created or
replaced in one transaction: the load succeeds as a whole or leaves the
database unchanged. A table without a file is kept unchanged if the schema
has it (a partial reload), else created empty; --replace-all empties it.

CSV values arrive as text, as written (an empty unquoted field is NULL) or
converted by a locale option below; Parquet keeps its types. Staging casts
and cleans. A refusal names the file, line and column, never a row's content
(it may be personal data); a line is a row, the header being line 1 (as
DuckDB counts).

Spreadsheet locales (CSV only; ignored with a warning for Parquet):
  --delimiter X    X-separated files (\\t: tab)
  --decimal-comma  amounts like 1 234,50 or 1.234,50 (thousands separated by
                   a space, no-break or narrow no-break space, or point)
                   become 1234.50
  --date-format F  F = DMY, MDY or YMD: dates like 31.12.2026, 12/31/2026 or
                   2026/12/31 (separators . / -) become 2026-12-31; with
                   HH:MM[:SS] after them, timestamps 2026-12-31 14:05:00
Only the columns the contract types as amounts, dates and timestamps are
converted; ISO dates and blank values stay as written. Refused, each naming
the option that reads it: a header line written with another delimiter;
without --decimal-comma, amounts like 12,50 in a file not comma-separated;
without --date-format, a value that reads as a date in another order.
Refused too: a value the given option cannot read (31.13.2026 with DMY) and
a two-digit year (never guessed). Other values are left for staging to
quarantine.

A CRM's own export (--source salesforce, or any source whose mapping
declares its objects in models/staging/<source>/_<source>__sources.yml; see
scripts/crm_sources.py): DIR holds one CSV or Parquet file per object, named
after it in any of the usual forms (Opportunity.csv, "Opportunity
History.csv", OpportunityHistory.csv, opportunity_history.parquet, or
sf_opportunity_data.csv and deal_data.csv as Fivetran's dbt packages name
their sample rows). Column
names may be API names (StageName, IsWon, Custom__c) or snake_case
(stage_name): both become Fivetran's snake_case names (stage_name, is_won,
custom_c). --rename OLD=NEW renames a column of every file before it is
checked (--rename OppID=OpportunityId). A file must have the columns the
mapping requires; the optional ones may be missing (they are added, empty,
and named in a warning), and every other column (a real object has
hundreds, custom fields included) is kept as it is. An object without a
file is created empty with the columns the mapping reads (or kept, as
above). The locale options convert the columns the mapping
declares as dates, timestamps and amounts.

Afterwards: make build VARS='{crm_raw_schema: NAME}' (with --source S:
VARS='{crm_source: S, crm_raw_schema: NAME}').

Exit codes: 0 loaded, 2 refused (bad input, arguments, locked database),
1 unexpected error.
"""

import argparse
import csv
import os
import re
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))
import crm_contract  # noqa: E402
import crm_sources  # noqa: E402

DEFAULT_DATABASE = "build.duckdb"
# Schemas the project builds itself (demo_crm is owned by `dbt seed`), and
# DuckDB's system schemas and catalogs.
RESERVED_SCHEMAS = {"main", "staging", "intermediate", "audit", "reference", "demo_crm",
                    "information_schema", "pg_catalog", "temp", "system"}
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# Every option that read_csv could otherwise detect is set, so that values
# arrive as written. Only the line ending (\n, \r\n) is left to detection.
CSV_OPTIONS = (
    "header = true, auto_detect = false, all_varchar = true, "
    "quote = '\"', escape = '\"', comment = '', skip = 0, "
    "nullstr = '', allow_quoted_nulls = false, null_padding = false, "
    "strict_mode = true, ignore_errors = false, encoding = 'utf-8'"
)
# A header line without the delimiter but with one of these was written
# with it.
DELIMITERS = [",", ";", "\t", "|"]


@dataclass(frozen=True)
class CsvFormat:
    """How the CSV files are written (spreadsheet locales)."""
    delimiter: str = ","
    decimal_comma: bool = False  # amounts like 1 234,50
    date_format: str = None      # DMY, MDY or YMD: how non-ISO dates are read

    def options(self):
        """The command-line options that set this format."""
        given = [f"--delimiter {_shown(self.delimiter)}"] if self.delimiter != "," else []
        given += ["--decimal-comma"] if self.decimal_comma else []
        given += [f"--date-format {self.date_format}"] if self.date_format else []
        return given


# Values in spreadsheet locales, in the columns the contract types as dates,
# timestamps and amounts. ISO dates and blank values are left as written.
ISO_DATE = r"\d{4}-\d{2}-\d{2}([ T].*)?"
TWO_DIGIT_YEAR = r"\d{1,2}[./-]\d{1,2}[./-]\d{2}( .*)?"
DATE_FORMATS = {  # --date-format: the date's pattern, its ISO rewrite, an example
    "DMY": (r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})", r"\3-\2-\1", "31.12.2026"),
    "MDY": (r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})", r"\3-\1-\2", "12/31/2026"),
    "YMD": (r"(\d{4})[./-](\d{1,2})[./-](\d{1,2})", r"\1-\2-\3", "2026/12/31"),
}
# After a date: HH:MM or HH:MM:SS (group 4), hours 0-23.
TIME = r"(?: +((?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?))?"
THOUSANDS = "[ \u00a0\u202f.]"  # space, no-break space, narrow no-break space, point
DECIMAL_COMMA = rf"-?(\d{{1,3}}({THOUSANDS}\d{{3}})+|\d+)(,\d+)?"
DECIMAL_POINT = r"-?\d+(\.\d+)?"

TWO_DIGITS = "two-digit year, not guessed: export years with four digits"
DMY_HINT = "dates look like DD/MM/YYYY or MM/DD/YYYY: load with --date-format DMY or MDY"
YMD_HINT = "dates look like YYYY/MM/DD: load with --date-format YMD"
NOT_DECIMAL_COMMA = "not a decimal-comma number (like 1 234,50 or -12,5)"
DECIMAL_COMMA_HINT = "amounts look like 1 234,50: load with --decimal-comma"


# What became of a table without a file in DIR.
KEPT = "kept unchanged: no file"
CREATED_EMPTY = "created empty: no file"
EMPTIED = "emptied: no file, --replace-all"


# DuckDB's CSV errors quote the raw line, which may hold personal data (an
# email): only the line number and one of these reasons are shown.
CSV_ERRORS = [
    (r"Expected Number of Columns: (\d+) Found: (\d+)", "expected {} fields, found {}"),
    (r"unterminated quote", "a quoted value is not closed"),
    (r"Invalid unicode", "not UTF-8 encoded; save it as UTF-8"),
]
# DuckDB's Parquet errors may quote a value too.
PARQUET_ERROR = "cannot be read as Parquet (corrupt, or not a Parquet file)"


class LoadRefused(Exception):
    """The export or the arguments cannot be loaded; the message says why."""


@dataclass(frozen=True)
class Shape:
    """What the files must look like: the raw contract's 17 tables (source
    None), or a CRM's objects as its source mapping reads them."""
    source: str = None
    renames: tuple = ()  # (old, new) column names, in snake_case

    @property
    def tables(self):
        if self.source is None:
            return crm_contract.TABLES
        return {name: list(table.columns)
                for name, table in crm_sources.read_source(self.source).items()}

    def described(self):
        if self.source is None:
            return "the raw CRM contract (shared/raw_crm_schema.md)"
        return (f"the {self.source} objects the mapping reads "
                f"({crm_sources.sources_file(self.source).relative_to(ROOT)})")

    def table_of(self, path):
        """The table a file in DIR holds, or None. A CRM object's file may
        also be named as Fivetran's dbt packages name their sample rows:
        <object>_data, behind a prefix word in dbt_salesforce
        (sf_opportunity_data.csv)."""
        if path.suffix not in (".csv", ".parquet"):
            return None
        if self.source is None:
            return path.stem if path.stem in self.tables else None
        stem = crm_sources.snake_case(path.stem)
        sample = stem.removesuffix("_data") if stem.endswith("_data") else None
        unprefixed = sample.split("_", 1)[-1] if sample else None
        return next((name for name in (stem, sample, unprefixed) if name in self.tables), None)

    def targets(self, header):
        """The table's column names for a file's header, in file order."""
        if self.source is None:
            return list(header)
        renames = dict(self.renames)
        return [renames.get(crm_sources.snake_case(name), crm_sources.snake_case(name))
                for name in header]

    def columns_of(self, table, targets):
        """The declared columns (crm_contract.Column) that the file has."""
        return [column for column in self.tables[table] if column.name in targets]


CONTRACT = Shape()
ROOT = Path(__file__).resolve().parents[1]


def _warn(message):
    print(f"warning: {message}", file=sys.stderr)


def _ident(name):
    return '"' + name.replace('"', '""') + '"'


def _literal(text):
    return "'" + text.replace("'", "''") + "'"


def check_schema(schema):
    if not IDENTIFIER.fullmatch(schema or ""):
        raise LoadRefused(
            f"schema name {schema!r} is not a plain identifier "
            "(letters, digits and _, not starting with a digit)")
    if schema.lower() in RESERVED_SCHEMAS:
        raise LoadRefused(
            f"schema {schema!r} belongs to the project "
            f"({', '.join(sorted(RESERVED_SCHEMAS))} are reserved); "
            "choose another name for your raw CRM data, e.g. crm_raw")


def _csv_header(path, delimiter):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle, delimiter=delimiter), None)


def _shown(delimiter):
    return "'\\t'" if delimiter == "\t" else f"'{delimiter}'"


def _delimiter_problems(filename, header, delimiter):
    """A header line without DELIMITER that holds another one."""
    if len(header) > 1:
        return []
    others = [other for other in DELIMITERS if other != delimiter and other in header[0]]
    return [f"{filename}: looks {_shown(others[0])}-separated: "
            f"load with --delimiter {_shown(others[0])}"] if others else []


def _parquet_header(path):
    con = duckdb.connect()
    try:
        rows = con.execute(
            f"describe select * from read_parquet({_literal(str(path))})").fetchall()
    finally:
        con.close()
    return [row[0] for row in rows]


def find_files(directory, csv_format=CsvFormat(), warn=_warn, shape=CONTRACT):
    """Check DIR against the shape (by default the contract): {table: Path
    or None}, or LoadRefused listing every problem found."""
    directory = Path(directory)
    if not directory.is_dir():
        raise LoadRefused(f"{directory} is not a directory")
    tables = shape.tables
    by_table = {table: [] for table in tables}
    for path in sorted(directory.iterdir()):
        if path.is_file() and shape.table_of(path):
            by_table[shape.table_of(path)].append(path)
    others = sorted(p.name for p in directory.iterdir()
                    if not (p.is_file() and shape.table_of(p)))
    if others:
        kind = "contract tables" if shape.source is None else f"{shape.source} objects the mapping reads"
        warn(f"ignoring files that are not {kind}: {', '.join(others)}")

    problems, files = [], {}
    for table in tables:
        found = by_table[table]
        if len(found) > 1:
            problems.append(f"{table}: " + " and ".join(p.name for p in found)
                            + " are the same table; keep only one")
            continue
        files[table] = found[0] if found else None
        if not found:
            continue
        path = found[0]
        try:
            header = (_csv_header(path, csv_format.delimiter) if path.suffix == ".csv"
                      else _parquet_header(path))
        except UnicodeDecodeError:
            problems.append(f"{path.name}: not UTF-8 encoded; save it as UTF-8")
            continue
        except csv.Error:
            problems.append(f"{path.name}: the header row cannot be read as CSV")
            continue
        except duckdb.Error:
            problems.append(f"{path.name}: {PARQUET_ERROR}")
            continue
        except OSError as error:
            problems.append(f"{path.name}: cannot be read: {error}")
            continue
        if not header:
            problems.append(f"{path.name}: empty file (no header row)")
            continue
        problems += (_delimiter_problems(path.name, header, csv_format.delimiter)
                     or (_column_problems(path.name, header, crm_contract.column_names(table))
                         if shape.source is None
                         else _source_column_problems(path.name, shape.targets(header),
                                                      shape, table)))

    if not any(files.values()) and not problems:
        kind = "contract tables" if shape.source is None else f"{shape.source} objects"
        problems.append(f"{directory} holds none of the {kind} "
                        f"({', '.join(tables)}) as .csv or .parquet")
    if problems:
        raise LoadRefused(f"the export does not match {shape.described()}; "
                          "nothing was loaded:\n  " + "\n  ".join(problems))
    parquet = [path.name for path in files.values() if path and path.suffix == ".parquet"]
    if parquet and csv_format.options():
        warn(f"ignored for {', '.join(parquet)} (CSV only): {', '.join(csv_format.options())}")
    return files


def _column_problems(filename, header, contract):
    if not set(header) & set(contract):  # the first line is data: do not show it
        return [f"{filename}: the first line names none of the contract columns "
                f"(no header row?); expected: {', '.join(contract)}"]
    duplicates = sorted({name for name in header if header.count(name) > 1})
    missing = [name for name in contract if name not in header]
    unknown = [name for name in header if name not in contract]
    parts = []
    if missing:
        parts.append(f"missing columns: {', '.join(missing)}")
    if unknown:
        parts.append(f"unknown columns: {', '.join(unknown)}")
    if duplicates:
        parts.append(f"duplicate columns: {', '.join(duplicates)}")
    return [f"{filename}: {'; '.join(parts)}"] if parts else []


def _source_column_problems(filename, targets, shape, table):
    """A CRM object's file: its columns (in snake_case, renamed) must hold
    the required ones, each once; any other column is welcome."""
    declared = crm_sources.read_source(shape.source)[table]
    duplicates = sorted({name for name in targets if targets.count(name) > 1})
    missing = [name for name in declared.required() if name not in targets]
    parts = []
    if missing:
        parts.append(f"missing columns: {', '.join(missing)}")
        if declared.other_shape_marker in targets:
            parts.append(f"it has {declared.other_shape_marker}: it holds "
                         f"{declared.other_shape}")
        else:
            parts.append("(a column of another name? --rename THEIRS=" + missing[0] + ")")
    if duplicates:
        parts.append(f"duplicate columns (in snake_case): {', '.join(duplicates)}")
    return [f"{filename}: {'; '.join(parts)}"] if parts else []


def _source_sql(path, csv_format, shape=CONTRACT):
    """A select of the file's columns: the contract's in contract order, or
    a CRM object's every column under its snake_case name in file order."""
    header = (_csv_header(path, csv_format.delimiter) if path.suffix == ".csv"
              else _parquet_header(path))
    if shape.source is None:
        select = ", ".join(_ident(name) for name in crm_contract.column_names(path.stem))
    else:
        select = ", ".join(f"{_ident(name)} as {_ident(target)}"
                           for name, target in zip(header, shape.targets(header)))
    if path.suffix == ".parquet":
        return f"select {select} from read_parquet({_literal(str(path))})"
    # Name the columns in the file's own order.
    types = ", ".join(f"{_literal(name)}: 'VARCHAR'" for name in header)
    return (f"select {select} from read_csv({_literal(str(path))}, "
            f"columns = {{{types}}}, delim = {_literal(csv_format.delimiter)}, "
            f"{CSV_OPTIONS})")


def _connect(database_path):
    try:
        return duckdb.connect(str(database_path))
    except duckdb.Error as error:
        if "lock" in str(error).lower():
            raise LoadRefused(
                f"the build database {database_path} is locked by another process "
                "(DuckDB allows one writer): close other connections, e.g. a "
                f"running dbt build or a BI tool, and try again.\n  ({error})"
            ) from None
        raise LoadRefused(f"cannot open the build database {database_path}: {error}") from None


def _existing_tables(con, catalog, schema):
    rows = con.execute(
        "select table_name from information_schema.tables "
        "where table_catalog = ? and lower(table_schema) = lower(?)",
        [catalog, schema]).fetchall()
    return {row[0] for row in rows}


def _create_empty(con, target, columns):
    columns = ", ".join(f"{_ident(column.name)} varchar" for column in columns)
    con.execute(f"create or replace table {target} ({columns})")


def _csv_error(error):
    """DuckDB's CSV error as 'line N: reason', without the line's content."""
    text = str(error)
    reason = "not readable as CSV"
    for pattern, template in CSV_ERRORS:
        match = re.search(pattern, text)
        if match:
            reason = template.format(*match.groups())
            break
    line = re.search(r"CSV Error on Line: (\d+)", text)
    return f"line {line[1]}: {reason}" if line else reason


def _matches(value, pattern):
    return f"regexp_full_match({value}, {_literal(pattern)})"


def _read_date(value, date_format, kind):
    """SQL: VALUE read as a DATE_FORMAT date or timestamp (KIND, an SQL type)
    in ISO form; NULL when it is none (another pattern, month 13, 30 February)."""
    pattern, iso, _ = DATE_FORMATS[date_format]
    if kind == "timestamp":
        pattern, iso = pattern + TIME, iso + r" \4"
    rewritten = f"trim(regexp_replace({value}, {_literal(f'^{pattern}$')}, {_literal(iso)}))"
    # The pattern fixes the shape; the cast checks the calendar.
    return (f"case when {_matches(value, pattern)} then "
            f"cast(try_cast({rewritten} as {kind}) as varchar) end")


def _date_problem(value, kind, date_format):
    """SQL: why VALUE (trimmed, blank as NULL) of a date or timestamp column
    is refused, or NULL."""
    if date_format:
        example = DATE_FORMATS[date_format][2] + (" 14:05" if kind == "timestamp" else "")
        unread = f"not a valid {kind} in --date-format {date_format} (like {example})"
        check = f"when {_read_date(value, date_format, kind)} is null then {_literal(unread)}"
    else:  # refuse what reads as a date in another order; leave the rest to staging
        check = (f"when {_read_date(value, 'YMD', kind)} is not null then {_literal(YMD_HINT)} "
                 f"when coalesce({_read_date(value, 'DMY', kind)}, "
                 f"{_read_date(value, 'MDY', kind)}) is not null then {_literal(DMY_HINT)}")
    return (f"case when {value} is null or {_matches(value, ISO_DATE)} then null "
            f"when {_matches(value, TWO_DIGIT_YEAR)} then {_literal(TWO_DIGITS)} {check} end")


def _amount_problem(value, csv_format):
    """SQL: why VALUE (trimmed, blank as NULL) of an amount column is refused,
    or NULL; None when no amount is checked."""
    if csv_format.decimal_comma:
        return (f"case when not {_matches(value, DECIMAL_COMMA)} "
                f"then {_literal(NOT_DECIMAL_COMMA)} end")
    if csv_format.delimiter != ",":  # a comma then is no field separator
        return (f"case when {_matches(value, DECIMAL_COMMA)} and not "
                f"{_matches(value, DECIMAL_POINT)} then {_literal(DECIMAL_COMMA_HINT)} end")
    return None


DECIMAL_KINDS = ("amount", "rate")  # numbers the locale options read


def _problem_sql(value, kind, csv_format):
    if kind in ("date", "timestamp"):
        return _date_problem(value, kind, csv_format.date_format)
    return _amount_problem(value, csv_format) if kind in DECIMAL_KINDS else None


def _converted_sql(column, kind, csv_format):
    """SQL: COLUMN in the contract's form; None when it is kept as written."""
    if kind in ("date", "timestamp") and csv_format.date_format:
        read = _read_date(f"trim({column})", csv_format.date_format, kind)
        return f"coalesce({read}, {column})"  # ISO and blank values as written
    if kind in DECIMAL_KINDS and csv_format.decimal_comma:
        return f"replace(regexp_replace({column}, {_literal(THOUSANDS)}, '', 'g'), ',', '.')"
    return None


def _value_problems(con, target, path, csv_format, columns):
    """['FILE: column C, line N: why'] for the values of TARGET (in COLUMNS,
    crm_contract.Column) that are refused."""
    checks = [(column.name, _problem_sql(_ident(column.name), column.kind, csv_format))
              for column in columns]
    checks = [(name, sql) for name, sql in checks if sql]
    if not checks:
        return []
    # A new table numbers its rows in insertion order, the file's: line 1 is
    # the header, and a line is a row (as in DuckDB's CSV errors).
    values = ", ".join(f"nullif(trim({_ident(name)}), '') as {_ident(name)}" for name, _ in checks)
    problems = " union all ".join(
        f"select {_literal(name)} as column_name, {sql} as problem, line from checked"
        for name, sql in checks)
    rows = con.execute(f"""
        with checked as (
            select rowid - (select min(rowid) from {target}) + 2 as line, {values}
            from {target}
        ),
        problems as ({problems})
        select column_name, problem, min(line) as line, count(*) as lines
        from problems
        where problem is not null
        group by column_name, problem
        order by line, column_name""").fetchall()
    return [f"{path.name}: column {name}, line {line}{_more(lines)}: {problem}"
            for name, problem, line, lines in rows]


def _more(lines):
    return f" (and {lines - 1} more line{'s' if lines > 2 else ''})" if lines > 1 else ""


def _convert_values(con, target, csv_format, columns):
    """Rewrite the values of COLUMNS (crm_contract.Column) in the contract's
    forms; every other column of TARGET is kept as it is."""
    converted = [(column.name, _converted_sql(_ident(column.name), column.kind, csv_format))
                 for column in columns]
    replaced = ", ".join(f"{sql} as {_ident(name)}" for name, sql in converted if sql)
    if replaced:
        con.execute(f"create or replace table {target} as "
                    f"select * replace ({replaced}) from {target}")


def _load_file(con, target, path, table, csv_format, shape):
    """Create TARGET from PATH: [problems with its values] (if any, TARGET is
    left unconverted and the load must not be committed)."""
    try:
        con.execute(f"create or replace table {target} as "
                    f"{_source_sql(path, csv_format, shape)}")
    except duckdb.Error as error:
        problem = _csv_error(error) if path.suffix == ".csv" else PARQUET_ERROR
        raise LoadRefused(f"{path.name}: {problem}; nothing was loaded") from None
    if path.suffix == ".parquet":
        return []
    loaded = [row[0] for row in con.execute(f"describe {target}").fetchall()]
    columns = shape.columns_of(table, loaded)
    problems = _value_problems(con, target, path, csv_format, columns)
    if not problems:
        _convert_values(con, target, csv_format, columns)
    return problems


def _add_optional_columns(con, target, table, shape):
    """A CRM object's declared columns that its file lacks (optional ones:
    a required one was refused) added to TARGET, NULL: the mapping reads
    every declared column. ['table.column'] added."""
    loaded = {row[0] for row in con.execute(f"describe {target}").fetchall()}
    added = [column.name for column in shape.tables[table] if column.name not in loaded]
    for name in added:
        con.execute(f"alter table {target} add column {_ident(name)} varchar")
    return [f"{table}.{name}" for name in added]


def _added_columns(added, loaded):
    """The 'table.column's added empty, as a warning names them: a column
    every one of the tables loaded from a file lacks (an export has none of
    Fivetran's sync columns) once, before the rest by table."""
    pairs = [entry.split(".", 1) for entry in added]
    lacking = {}
    for table, column in pairs:
        lacking.setdefault(column, set()).add(table)
    everywhere = [column for column, tables in lacking.items()
                  if tables == loaded and len(loaded) > 1]
    rest = [f"{table}.{column}" for table, column in pairs if column not in everywhere]
    return "; ".join(filter(None, [", ".join(everywhere) + " in every file" if everywhere else "",
                                   ", ".join(rest)]))


def _write_tables(con, schema, files, replace_all, csv_format, shape=CONTRACT):
    """Replace the tables that have a file (all of them with REPLACE_ALL) in
    one open transaction: ([(table, rows, outcome)], ['table.column' added
    empty])."""
    # Fully qualified: a schema may share its name with the database
    # (the file's stem, e.g. a schema called build).
    catalog = con.execute("select current_database()").fetchone()[0]
    qualified = f"{_ident(catalog)}.{_ident(schema)}"
    con.execute(f"create schema if not exists {qualified}")
    existing = _existing_tables(con, catalog, schema)
    results, problems, added = [], [], []
    tables = shape.tables
    for table, path in files.items():
        target = f"{qualified}.{_ident(table)}"
        if path is not None:
            problems += _load_file(con, target, path, table, csv_format, shape)
            if shape.source is not None:
                added += _add_optional_columns(con, target, table, shape)
            outcome = path.name
        elif table in existing and not replace_all:
            outcome = KEPT
        else:
            _create_empty(con, target, tables[table])
            outcome = EMPTIED if table in existing else CREATED_EMPTY
        rows = con.execute(f"select count(*) from {target}").fetchone()[0]
        results.append((table, rows, outcome))
    if problems:
        raise LoadRefused("some values cannot be read; nothing was loaded:\n  "
                          + "\n  ".join(problems))
    return results, added


def _tables_with(results, outcome):
    return ", ".join(table for table, _, result in results if result == outcome)


def _tables_loaded(results):
    """The tables a file was loaded into (not kept, created empty or emptied)."""
    return {table for table, _, result in results if result not in (KEPT, CREATED_EMPTY, EMPTIED)}


def load(directory, schema, database_path=DEFAULT_DATABASE, replace_all=False,
         csv_format=CsvFormat(), warn=_warn, shape=CONTRACT):
    """Load the export in DIR into SCHEMA: [(table, rows, outcome)], the
    outcome being the file's name, KEPT, CREATED_EMPTY or EMPTIED. SHAPE:
    the contract's tables, or Shape(source, renames) for a CRM's objects."""
    check_schema(schema)
    files = find_files(directory, csv_format, warn, shape)
    database_path = Path(database_path)
    created = not database_path.exists()
    database_path.parent.mkdir(parents=True, exist_ok=True)
    con = _connect(database_path)
    try:
        con.begin()
        results, added = _write_tables(con, schema, files, replace_all, csv_format, shape)
        con.commit()
    except BaseException:
        try:
            con.rollback()
        except duckdb.Error:
            pass  # no transaction was open
        con.close()
        if created:  # leave no empty database file behind
            for leftover in (database_path, Path(f"{database_path}.wal")):
                leftover.unlink(missing_ok=True)
        raise
    con.close()
    if added:
        loaded = {table for table, path in files.items() if path is not None}
        warn(f"added empty (optional, not in the file): {_added_columns(added, loaded)}")
    if _tables_with(results, CREATED_EMPTY):
        warn(f"created empty (no file, not in schema {schema}): "
             f"{_tables_with(results, CREATED_EMPTY)}")
    if _tables_with(results, EMPTIED):
        warn(f"emptied (--replace-all, no file): {_tables_with(results, EMPTIED)}")
    return results


def _delimiter(text):
    delimiter = "\t" if text == "\\t" else text
    if len(delimiter) != 1 or delimiter in "\"\r\n":
        raise argparse.ArgumentTypeError(
            "one character other than a quote or a line break (\\t for a tab)")
    return delimiter


def _rename(text):
    old, equals, new = text.partition("=")
    if not equals or not old.strip() or not new.strip():
        raise argparse.ArgumentTypeError("OLD=NEW, e.g. OppID=OpportunityId")
    return crm_sources.snake_case(old), crm_sources.snake_case(new)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Load a CRM export (one CSV or Parquet file per contract "
                    "table, or per object of a CRM with --source) into a raw "
                    "schema of the DuckDB build database.")
    parser.add_argument("--schema", required=True,
                        help="raw schema to (re)create the tables in, e.g. crm_raw")
    parser.add_argument("directory", metavar="DIR",
                        help="directory with <table>.csv or <table>.parquet files")
    parser.add_argument("--database", metavar="PATH",
                        default=os.environ.get("CRM_BUILD_PATH") or DEFAULT_DATABASE,
                        help="the build database, a DuckDB file (default: "
                             f"$CRM_BUILD_PATH, else {DEFAULT_DATABASE})")
    parser.add_argument("--replace-all", action="store_true",
                        help="replace all 17 tables, emptying those without a file "
                             "(default: replace only the tables that have a file)")
    parser.add_argument("--delimiter", type=_delimiter, default=",",
                        help="CSV field separator, e.g. ';' (\\t for a tab; default ',')")
    parser.add_argument("--decimal-comma", action="store_true",
                        help="CSV amounts are written like 1 234,50 or 1.234,50")
    parser.add_argument("--date-format", type=str.upper, choices=list(DATE_FORMATS),
                        help="how CSV dates and timestamps that are not ISO are read: "
                             "DMY (31.12.2026), MDY (12/31/2026) or YMD (2026/12/31)")
    parser.add_argument("--source", choices=crm_sources.available(),
                        help="the export holds this CRM's objects (Opportunity.csv, ...), "
                             "read as its source mapping declares them "
                             "(models/staging/<source>/_<source>__sources.yml)")
    parser.add_argument("--rename", type=_rename, action="append", default=[],
                        metavar="OLD=NEW",
                        help="with --source: read column OLD of every file as NEW "
                             "(API or snake_case names), e.g. OppID=OpportunityId")
    args = parser.parse_args(argv)
    if args.rename and not args.source:
        parser.error("--rename needs --source (contract files name their columns exactly)")
    csv_format = CsvFormat(args.delimiter, args.decimal_comma, args.date_format)
    shape = Shape(args.source, tuple(args.rename))
    try:
        results = load(args.directory, args.schema, args.database, args.replace_all,
                       csv_format, shape=shape)
    except LoadRefused as refusal:
        print(f"refused: {refusal}", file=sys.stderr)
        return 2
    except Exception:
        traceback.print_exc()
        print("unexpected error (see above)", file=sys.stderr)
        return 1
    print(f"loaded {args.directory} into schema {args.schema} "
          f"of the build database {args.database}:")
    width = max(len(table) for table, _, _ in results)
    for table, rows, outcome in results:
        print(f"  {table:<{width}}  {rows:>9} rows  ({outcome})")
    if _tables_with(results, KEPT):
        print(f"kept unchanged (no file in {args.directory}): {_tables_with(results, KEPT)}")
    source = f"crm_source: {args.source}, " if args.source else ""
    print(f"next: make build VARS='{{{source}crm_raw_schema: {args.schema}}}'")
    if not args.source and "opportunities" not in _tables_loaded(results):
        print(f"  or, if {args.directory} holds the tables your CRM source lacks: make build "
              f"VARS='{{crm_source: <source>, crm_raw_schema: <its schema>, "
              f"crm_supplement_schema: {args.schema}}}'")
    return 0


if __name__ == "__main__":
    sys.exit(main())
