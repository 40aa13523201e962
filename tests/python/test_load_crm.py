"""scripts/load_crm.py: a CRM export lands in a raw schema as written, or not at all."""

import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
sys.path.insert(0, str(SCRIPTS))

import crm_contract  # noqa: E402
import load_crm  # noqa: E402
from load_crm import LoadRefused, load  # noqa: E402


def write(directory, filename, text, encoding="utf-8"):
    """Write the file byte for byte (no newline translation)."""
    path = Path(directory) / filename
    path.write_bytes(text.encode(encoding))
    return path


def header(table, order=None):
    columns = crm_contract.column_names(table)
    return ",".join(order(columns) if order else columns) + "\n"


def full_export(directory, marker="v1"):
    """Every contract table as a CSV with one row: each value names its column."""
    for table in crm_contract.TABLES:
        columns = crm_contract.column_names(table)
        row = ",".join(f"{marker}-{name}" for name in columns)
        write(directory, f"{table}.csv", header(table) + row + "\n")


def query(database, sql):
    con = duckdb.connect(str(database), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def tables_in(database, schema):
    return query(database, "select table_name from information_schema.tables "
                            f"where table_schema = '{schema}' order by table_name")


def test_csv_values_arrive_as_written(export, database):
    full_export(export)
    columns = list(reversed(crm_contract.column_names("opportunities")))  # file order free
    values = {name: f"x-{name}" for name in columns}
    tricky = {
        "opportunity_id": '"007"',
        "created_at": "2026-03-01T12:00:00+02:00",
        "stage": "Closed Won ",
        "amount": '"12,5x"',
        "loss_reason": '"said ""no"",\nthen left"',
        "closed_at": "",            # empty unquoted: NULL
        "lead_id": '""',            # empty quoted: empty string
        "currency": "  eur ",
        "expected_close_date": "31/02/2026",  # no date in any order: staging's to refuse
    }
    values.update(tricky)
    write(export, "opportunities.csv",
          ",".join(columns) + "\n" + ",".join(values[name] for name in columns) + "\n")

    load(export, "crm_raw", database)

    contract = crm_contract.column_names("opportunities")
    described = query(database, "describe crm_raw.opportunities")
    assert [row[0] for row in described] == contract  # contract order
    assert {row[1] for row in described} == {"VARCHAR"}
    row = dict(zip(contract, query(database, "select * from crm_raw.opportunities")[0]))
    assert row["opportunity_id"] == "007"
    assert row["created_at"] == "2026-03-01T12:00:00+02:00"
    assert row["stage"] == "Closed Won "
    assert row["amount"] == "12,5x"
    assert row["loss_reason"] == 'said "no",\nthen left'
    assert row["closed_at"] is None
    assert row["lead_id"] == ""
    assert row["currency"] == "  eur "
    assert row["expected_close_date"] == "31/02/2026"
    assert row["product_id"] == "x-product_id"
    assert len(tables_in(database, "crm_raw")) == len(crm_contract.TABLES)


def test_crlf_and_bom(export, database):
    full_export(export)
    write(export, "reps.csv",
          "\ufeff" + header("reps").replace("\n", "\r\n")
          + "r1,Ann,,,,,,,\r\n" + 'r2,"Bo\r\nB",,,,,,,2026-01-01\r\n')
    load(export, "crm_raw", database)
    rows = query(database, "select rep_id, full_name, updated_at from crm_raw.reps order by 1")
    assert rows == [("r1", "Ann", None), ("r2", "Bo\r\nB", "2026-01-01")]


def test_absent_file_is_an_empty_table_with_a_warning(export, database, capsys):
    full_export(export)
    (export / "nps_responses.csv").unlink()
    write(export, "employee_surveys.csv", header("employee_surveys"))  # header only
    write(export, "README.txt", "notes")

    results = load(export, "crm_raw", database)

    warnings = capsys.readouterr().err
    assert "nps_responses" in warnings and "created empty" in warnings
    assert "employee_surveys" not in warnings
    assert "README.txt" in warnings
    assert ("nps_responses", 0, load_crm.CREATED_EMPTY) in results
    assert ("employee_surveys", 0, "employee_surveys.csv") in results
    for table in ("nps_responses", "employee_surveys"):
        described = query(database, f"describe crm_raw.{table}")
        assert [row[0] for row in described] == crm_contract.column_names(table)
        assert {row[1] for row in described} == {"VARCHAR"}
        assert query(database, f"select count(*) from crm_raw.{table}") == [(0,)]


def one_row_each(database, schema="crm_raw"):
    """{table: its rows} of every contract table in SCHEMA."""
    return {table: query(database, f"select * from {schema}.{table}")
            for table in crm_contract.TABLES}


def v1_rows(table):
    return [tuple(f"v1-{name}" for name in crm_contract.column_names(table))]


def test_a_partial_reload_replaces_only_its_tables(export, tmp_path, database, capsys):
    full_export(export, "v1")
    load(export, "crm_raw", database)
    partial = tmp_path / "partial"
    partial.mkdir()
    write(partial, "opportunities.csv", header("opportunities")
          + "o2" + "," * 13 + "\n" + "o3" + "," * 13 + "\n")

    assert load_crm.main(["--schema", "crm_raw", "--database", str(database), str(partial)]) == 0

    rows = one_row_each(database)
    assert [row[0] for row in rows.pop("opportunities")] == ["o2", "o3"]
    assert rows == {table: v1_rows(table) for table in rows}  # the other 16, exactly
    captured = capsys.readouterr()
    kept = [table for table in crm_contract.TABLES if table != "opportunities"]
    assert f"kept unchanged (no file in {partial}): {', '.join(kept)}" in captured.out
    assert re.search(r"^  reps +1 rows  \(kept unchanged: no file\)$", captured.out, re.M)
    assert "created empty" not in captured.out + captured.err


def test_tables_in_neither_folder_nor_schema_are_created_empty(export, database, capsys):
    con = duckdb.connect(str(database))
    con.execute("create schema crm_raw")
    con.execute("create table crm_raw.reps as select "
                + ", ".join(f"'old' as {name}" for name in crm_contract.column_names("reps")))
    con.close()
    write(export, "opportunities.csv", header("opportunities") + "o1" + "," * 13 + "\n")

    results = load(export, "crm_raw", database)

    absent = [table for table in crm_contract.TABLES if table not in ("opportunities", "reps")]
    assert {table: outcome for table, _, outcome in results} == {
        "opportunities": "opportunities.csv", "reps": load_crm.KEPT,
        **{table: load_crm.CREATED_EMPTY for table in absent}}
    assert f"created empty (no file, not in schema crm_raw): {', '.join(absent)}" \
        in capsys.readouterr().err
    assert query(database, "select distinct rep_id, email from crm_raw.reps") == [("old", "old")]
    for table in absent:
        assert query(database, f"select count(*) from crm_raw.{table}") == [(0,)]
        described = query(database, f"describe crm_raw.{table}")
        assert [row[0] for row in described] == crm_contract.column_names(table)


def reps_and_fx_rates_export(tmp_path):
    """A second version (v2) of the export with only reps and fx_rates."""
    partial = tmp_path / "partial"
    partial.mkdir()
    full_export(partial, "v2")
    for table in crm_contract.TABLES:
        if table not in ("reps", "fx_rates"):
            (partial / f"{table}.csv").unlink()
    return partial


def test_replace_all_empties_the_tables_without_a_file(export, tmp_path, database, capsys):
    full_export(export, "v1")
    load(export, "crm_raw", database)
    partial = reps_and_fx_rates_export(tmp_path)
    capsys.readouterr()

    assert load_crm.main(["--schema", "crm_raw", "--database", str(database),
                          "--replace-all", str(partial)]) == 0

    rows = one_row_each(database)
    assert rows.pop("reps") == [tuple(f"v2-{name}" for name in crm_contract.column_names("reps"))]
    assert rows.pop("fx_rates")[0][0] == "v2-currency"
    assert rows == {table: [] for table in rows}
    emptied = list(rows)  # contract order
    captured = capsys.readouterr()
    assert f"emptied (--replace-all, no file): {', '.join(emptied)}" in captured.err
    assert re.search(r"^  accounts +0 rows  \(emptied: no file, --replace-all\)$",
                     captured.out, re.M)
    assert "kept unchanged" not in captured.out
    for table in emptied:
        described = query(database, f"describe crm_raw.{table}")
        assert [row[0] for row in described] == crm_contract.column_names(table)


def test_a_failing_partial_reload_changes_nothing(export, tmp_path, database):
    full_export(export, "v1")
    load(export, "crm_raw", database)
    partial = reps_and_fx_rates_export(tmp_path)
    write(partial, "fx_rates.csv", header("fx_rates") + "EUR,2026-01-01,1,extra\n")

    for replace_all in (False, True):
        with pytest.raises(LoadRefused, match="fx_rates.csv"):
            load(partial, "crm_raw", database, replace_all=replace_all)
        assert one_row_each(database) == {table: v1_rows(table) for table in crm_contract.TABLES}


def test_wrong_columns_are_all_reported_and_nothing_is_written(export, database):
    full_export(export)
    opportunities = [c if c not in ("stage", "closed_at") else {"stage": "Stage"}.get(c, "close_date")
                     for c in crm_contract.column_names("opportunities")]
    write(export, "opportunities.csv", ",".join(opportunities) + "\n")
    write(export, "fx_rates.csv", "currency,rate_date\n")

    with pytest.raises(LoadRefused) as refusal:
        load(export, "crm_raw", database)

    message = str(refusal.value)
    assert ("opportunities.csv: missing columns: closed_at, stage; "
            "unknown columns: close_date, Stage") in message
    assert "fx_rates.csv: missing columns: rate_to_reporting" in message
    assert not database.exists()


def test_both_csv_and_parquet_for_one_table_is_refused(export, database):
    full_export(export)
    con = duckdb.connect()
    con.execute(f"copy (select * from read_csv('{export}/fx_rates.csv', all_varchar = true)) "
                f"to '{export}/fx_rates.parquet' (format parquet)")
    con.close()
    with pytest.raises(LoadRefused, match="fx_rates.csv and fx_rates.parquet"):
        load(export, "crm_raw", database)
    assert not database.exists()


def test_parquet_keeps_its_types_in_contract_order(export, database):
    full_export(export)
    (export / "invoices.csv").unlink()
    con = duckdb.connect()
    con.execute(f"""
        copy (select 12.50::decimal(18, 2) as amount, 'i1' as invoice_id,
                     date '2026-03-01' as invoiced_at, 'a1' as account_id,
                     null::varchar as opportunity_id, 'SEK' as currency,
                     timestamp '2026-03-01 12:00:00' as updated_at)
        to '{export}/invoices.parquet' (format parquet)""")
    con.close()

    load(export, "crm_raw", database)

    described = {row[0]: row[1] for row in query(database, "describe crm_raw.invoices")}
    assert list(described) == crm_contract.column_names("invoices")
    assert described["amount"] == "DECIMAL(18,2)"
    assert described["invoiced_at"] == "DATE"
    assert described["updated_at"] == "TIMESTAMP"
    assert query(database, "select invoice_id, cast(amount as varchar) from crm_raw.invoices") \
        == [("i1", "12.50")]


def test_a_late_failure_leaves_the_previous_load_intact(export, database):
    full_export(export, "v1")
    load(export, "crm_raw", database)

    full_export(export, "v2")
    # fx_rates, the last table loaded, has a valid header and a broken row.
    write(export, "fx_rates.csv", header("fx_rates") + "EUR,2026-01-01,1\nSEK,2026-01-01,0.1,extra\n")
    with pytest.raises(LoadRefused, match="fx_rates.csv: line 3: expected 3 fields, found 4"):
        load(export, "crm_raw", database)

    for table in crm_contract.TABLES:
        first = crm_contract.column_names(table)[0]
        assert query(database, f"select {first} from crm_raw.{table}") == [(f"v1-{first}",)]

    # A failing first load into a new schema does not create it.
    with pytest.raises(LoadRefused):
        load(export, "crm_other", database)
    assert tables_in(database, "crm_other") == []
    assert query(database, "select count(*) from information_schema.schemata "
                            "where schema_name = 'crm_other'") == [(0,)]


def test_a_failed_first_load_leaves_no_database_file(export, database):
    full_export(export)
    write(export, "fx_rates.csv", header("fx_rates") + 'EUR,"2026-01-01\n')  # unterminated quote
    with pytest.raises(LoadRefused, match="fx_rates.csv: line 2: a quoted value is not closed"):
        load(export, "crm_raw", database)
    assert not database.exists()


def test_corrupt_parquet_is_refused(export, database):
    full_export(export)
    (export / "fx_rates.csv").unlink()
    write(export, "fx_rates.parquet", "PAR1 this is not parquet PAR1")
    with pytest.raises(LoadRefused, match="fx_rates.parquet: cannot be read as Parquet"):
        load(export, "crm_raw", database)
    assert not database.exists()


def test_non_utf8_and_empty_files_are_refused(export, database):
    full_export(export)
    write(export, "reps.csv", header("reps") + "r1,Jos\xe9,,,,,,,\n", encoding="latin-1")
    write(export, "quotas.csv", "")
    with pytest.raises(LoadRefused) as refusal:
        load(export, "crm_raw", database)
    assert "reps.csv: not UTF-8 encoded" in str(refusal.value)
    assert "quotas.csv: empty file" in str(refusal.value)


SECRET = "ann.secret@example.com"
GOOD_REPS = "".join(f"r{i},Ann,ann{i}@example.com,,,,,,\n" for i in range(2000))


@pytest.mark.parametrize("content, options, expected", [
    # Invalid UTF-8 past the first 8 kB: DuckDB finds it, and quotes the line.
    (header("reps") + GOOD_REPS + f"r9,Jos\xe9,{SECRET},,,,,,\n", [],
     "reps.csv: line 2002: not UTF-8 encoded"),
    (header("reps") + f"r1,Jos\xe9,{SECRET},,,,,,\n", [], "reps.csv: not UTF-8 encoded"),
    (header("reps") + f"r1,Ann,{SECRET},,,,,,,extra\n", [],
     "reps.csv: line 2: expected 9 fields, found 10"),
    (header("reps") + f'r0,Bo,,,,,,,\nr1,"Ann,{SECRET},,,,,,\n', [],
     "reps.csv: line 3: a quoted value is not closed"),
    # No header row: the first line is data, and is not listed as column names.
    (f"r1,Ann,{SECRET},,,,,,\n", [],
     "reps.csv: the first line names none of the contract columns"),
    (header("reps") + f"r1,Ann,{SECRET},,,,31.13.2026,,\n", ["--date-format", "DMY"],
     "reps.csv: column hired_at, line 2: not a valid date in --date-format DMY"),
    (header("reps") + f"r1,Ann,{SECRET},,,,31.12.2026,,\n", [],
     "reps.csv: column hired_at, line 2: dates look like DD/MM/YYYY or MM/DD/YYYY"),
], ids=["utf8-deep", "utf8-header-chunk", "fields", "quote", "no-header", "dmy", "not-iso"])
def test_errors_name_file_and_line_never_row_content(export, database, content, options,
                                                     expected):
    write(export, "reps.csv", content, encoding="latin-1")
    done = subprocess.run(
        [sys.executable, str(SCRIPTS / "load_crm.py"), "--schema", "crm_raw",
         "--database", str(database), *options, str(export)], capture_output=True, text=True)
    assert done.returncode == 2, done.stderr
    assert expected in done.stderr
    assert "ann.secret" not in done.stdout + done.stderr
    assert not database.exists()


def csv_text(table, rows, delimiter=","):
    """A CSV of TABLE: the header, then one line per row, a dict of the raw
    text of some columns (as written, quotes included); the others empty."""
    columns = crm_contract.column_names(table)
    lines = [delimiter.join(columns)]
    lines += [delimiter.join(row.get(name, "") for name in columns) for row in rows]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("delimiter, file_delimiter, hint", [
    (",", ";", "--delimiter ';'"),
    (",", "\t", "--delimiter '\\t'"),
    (";", ",", "--delimiter ','"),
])
def test_a_file_with_another_delimiter_is_refused_naming_the_option(
        export, database, delimiter, file_delimiter, hint):
    write(export, "reps.csv", csv_text("reps", [{"rep_id": "r1"}], file_delimiter))
    with pytest.raises(LoadRefused) as refusal:
        load(export, "crm_raw", database, csv_format=load_crm.CsvFormat(delimiter=delimiter))
    assert f"reps.csv: looks {hint.split()[1]}-separated: load with {hint}" in str(refusal.value)
    assert not database.exists()


def test_the_delimiter_option_reads_semicolon_and_tab_files(export, tmp_path, database):
    write(export, "reps.csv", csv_text("reps", [
        {"rep_id": "r1", "full_name": "Smith, Ann", "team": '"a;b"'},
        {"rep_id": "r2", "email": '""'}], ";"))
    load(export, "crm_raw", database, csv_format=load_crm.CsvFormat(delimiter=";"))
    assert query(database, "select rep_id, full_name, email, team from crm_raw.reps") == [
        ("r1", "Smith, Ann", None, "a;b"), ("r2", None, "", None)]

    write(export, "reps.csv", csv_text("reps", [{"rep_id": "r3", "full_name": "Bo, B"}], "\t"))
    assert load_crm.main(["--schema", "crm_raw", "--database", str(database),
                          "--delimiter", "\\t", str(export)]) == 0
    assert query(database, "select rep_id, full_name from crm_raw.reps") == [("r3", "Bo, B")]


@pytest.mark.parametrize("delimiter", ["", ";;", '"', "\n"])
def test_a_delimiter_must_be_one_character_other_than_quote_and_newline(
        export, database, delimiter):
    write(export, "reps.csv", csv_text("reps", [{"rep_id": "r1"}]))
    with pytest.raises(SystemExit) as exit_:
        load_crm.main(["--schema", "crm_raw", "--database", str(database),
                       "--delimiter", delimiter, str(export)])
    assert exit_.value.code == 2
    assert not database.exists()


def test_a_directory_without_contract_files_is_refused(export, database):
    write(export, "sales_pipeline.csv", "opportunity_id,deal_stage\n")
    with pytest.raises(LoadRefused, match="none of the contract tables"):
        load(export, "crm_raw", database)


@pytest.mark.parametrize("schema", ["", "1crm", "crm-raw", "crm raw", 'crm"; drop',
                                    "main", "MAIN", "staging", "intermediate",
                                    "reference", "demo_crm", "temp"])
def test_bad_schema_names_are_refused(export, database, schema):
    full_export(export)
    with pytest.raises(LoadRefused, match="schema"):
        load(export, schema, database)
    assert not database.exists()


def test_a_locked_database_is_refused_clearly(export, database):
    full_export(export)
    duckdb.connect(str(database)).close()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys; con = duckdb.connect(sys.argv[1]); "
         "print('ready', flush=True); sys.stdin.read()", str(database)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(LoadRefused) as refusal:
            load(export, "crm_raw", database)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    message = str(refusal.value)
    assert f"the build database {database} is locked" in message
    assert "close other connections" in message


def test_main_exit_codes_and_output(export, tmp_path, monkeypatch, capsys):
    full_export(export)
    (export / "web_traffic.csv").unlink()
    database = tmp_path / "from_env.duckdb"
    monkeypatch.setenv("CRM_BUILD_PATH", str(database))

    assert load_crm.main(["--schema", "crm_raw", str(export)]) == 0
    out = capsys.readouterr().out
    assert f"of the build database {database}" in out
    assert "web_traffic" in out and "created empty: no file" in out
    assert "next: make build VARS='{crm_raw_schema: crm_raw}'" in out
    assert "crm_supplement_schema" not in out
    assert len(tables_in(database, "crm_raw")) == len(crm_contract.TABLES)

    assert load_crm.main(["--schema", "main", str(export)]) == 2
    assert "refused:" in capsys.readouterr().err
    assert load_crm.main(["--schema", "crm_raw", str(tmp_path / "nowhere")]) == 2


def test_a_folder_without_deals_is_suggested_as_a_supplement(export, database, capsys):
    """A contract folder without opportunities is the tables a CRM source
    lacks (README, "Salesforce and HubSpot"): the next step names
    crm_supplement_schema too."""
    write(export, "quotas.csv", header("quotas"))
    assert load_crm.main(["--schema", "crm_supplement", "--database", str(database),
                          str(export)]) == 0
    out = capsys.readouterr().out
    assert (f"or, if {export} holds the tables your CRM source lacks: make build "
            "VARS='{crm_source: <source>, crm_raw_schema: <its schema>, "
            "crm_supplement_schema: crm_supplement}'") in out


def test_the_build_database_defaults_to_build_duckdb(export, tmp_path, monkeypatch):
    full_export(export)
    monkeypatch.delenv("CRM_BUILD_PATH", raising=False)
    monkeypatch.setenv("CRM_WAREHOUSE_PATH", str(tmp_path / "warehouse.duckdb"))  # not read
    monkeypatch.chdir(tmp_path)
    assert load_crm.main(["--schema", "crm_raw", str(export)]) == 0
    assert query(tmp_path / "build.duckdb", "select count(*) from crm_raw.reps") == [(1,)]
    assert not (tmp_path / "warehouse.duckdb").exists()


def test_the_warehouse_option_is_gone(export, database):
    full_export(export)
    with pytest.raises(SystemExit) as exit_:
        load_crm.main(["--schema", "crm_raw", "--warehouse", str(database), str(export)])
    assert exit_.value.code == 2
    assert not database.exists()


def test_a_schema_named_like_the_database_file(export, database):
    full_export(export)
    load(export, "build", database)  # the database is called build too
    assert query(database, "select rep_id from build.build.reps") == [("v1-rep_id",)]


def test_command_line(export, tmp_path):
    full_export(export)
    database = tmp_path / "cli.duckdb"
    done = subprocess.run(
        [sys.executable, str(SCRIPTS / "load_crm.py"), "--schema", "crm_raw", str(export),
         "--database", str(database)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert query(database, "select count(*) from crm_raw.reps") == [(1,)]


# Spreadsheet locales: decimal commas and day-month-year dates.

NBSP, NNBSP = "\u00a0", "\u202f"


def load_rows(export, database, table, rows, columns, delimiter=";", **options):
    """Load TABLE written as ROWS with the CSV options; its COLUMNS, in file order."""
    write(export, f"{table}.csv", csv_text(table, rows, delimiter))
    load(export, "crm_raw", database,
         csv_format=load_crm.CsvFormat(delimiter=delimiter, **options))
    return query(database, f"select {', '.join(columns)} from crm_raw.{table} order by rowid")


def refusal_of(export, database, table, rows, delimiter=";", **options):
    """The refusal message of loading TABLE written as ROWS; nothing is written."""
    write(export, f"{table}.csv", csv_text(table, rows, delimiter))
    with pytest.raises(LoadRefused) as refusal:
        load(export, "crm_raw", database,
             csv_format=load_crm.CsvFormat(delimiter=delimiter, **options))
    assert not database.exists()
    return str(refusal.value)


def test_decimal_commas_become_decimal_points_in_amount_columns(export, database):
    amounts = {
        "1 234,50": "1234.50",
        f"1{NBSP}234,50": "1234.50",
        f"1{NNBSP}234{NNBSP}567,25": "1234567.25",
        "1.234.567,8": "1234567.8",
        "1.234": "1234",
        "-12,5": "-12.5",
        "-1 234,05": "-1234.05",
        "0,75": "0.75",
        "12": "12",
        " 12,5 ": "12.5",
        "": None,    # empty: NULL
        '""': "",    # empty quoted: as written
    }
    rows = [{"opportunity_id": f"o{i}", "amount": amount, "loss_reason": '"a, b,c"',
             "currency": "1,5"} for i, amount in enumerate(amounts)]
    loaded = load_rows(export, database, "opportunities", rows,
                       ["amount", "loss_reason", "currency"], decimal_comma=True)
    assert [row[0] for row in loaded] == list(amounts.values())
    assert {row[1:] for row in loaded} == {("a, b,c", "1,5")}  # other kinds untouched


@pytest.mark.parametrize("amount", ["12.50", "12,5x", "1 23,5", "1,234,5", ",5", "12,", "1 234.5"])
def test_decimal_comma_refuses_an_amount_it_cannot_read(export, database, amount):
    rows = [{"invoice_id": "i1", "amount": "1,5", "currency": SECRET},
            {"invoice_id": "i2", "amount": amount, "currency": SECRET}]
    message = refusal_of(export, database, "invoices", rows, decimal_comma=True)
    assert ("invoices.csv: column amount, line 3: not a decimal-comma number "
            "(like 1 234,50 or -12,5)") in message
    assert SECRET not in message


def test_decimal_commas_without_the_option_are_refused_naming_it(export, database):
    rows = [{"invoice_id": "i1", "amount": "1.234"},   # reads as 1.234 either way: kept
            {"invoice_id": "i2", "amount": "12,50"},
            {"invoice_id": "i3", "amount": "1 234"}]
    message = refusal_of(export, database, "invoices", rows)
    assert ("invoices.csv: column amount, line 3 (and 1 more line): amounts look like "
            "1 234,50: load with --decimal-comma") in message


def test_comma_separated_files_keep_quoted_decimal_commas_as_written(export, database):
    rows = [{"invoice_id": "i1", "amount": '"12,50"'}, {"invoice_id": "i2", "amount": "12.5"}]
    assert load_rows(export, database, "invoices", rows, ["amount"], delimiter=",") \
        == [("12,50",), ("12.5",)]


def test_dmy_dates_and_timestamps_become_iso(export, database):
    values = [  # (created_at, expected_close_date) as written, then as loaded
        (("31.12.2026 14:05", "31.12.2026"), ("2026-12-31 14:05:00", "2026-12-31")),
        (("1/2/2026 9:05:07", "29.02.2028"), ("2026-02-01 09:05:07", "2028-02-29")),
        (("31-12-2026", "1-2-2026"), ("2026-12-31 00:00:00", "2026-02-01")),
        (("2026-03-01T12:00:00+02:00", "2026-05-01"), ("2026-03-01T12:00:00+02:00", "2026-05-01")),
        ((" 31.12.2026 23:59:59 ", ""), ("2026-12-31 23:59:59", None)),
        (('""', '""'), ("", "")),
    ]
    rows = [{"opportunity_id": f"o{i}", "created_at": created, "expected_close_date": close,
             "closed_at": ""} for i, ((created, close), _) in enumerate(values)]
    loaded = load_rows(export, database, "opportunities", rows,
                       ["created_at", "expected_close_date", "closed_at"], date_format="DMY")
    assert loaded == [expected + (None,) for _, expected in values]


@pytest.mark.parametrize("date_format, expected", [
    ("DMY", [("2026-04-03 10:30:00", "2026-04-03")]),
    ("MDY", [("2026-03-04 10:30:00", "2026-03-04")]),
])
def test_dmy_and_mdy_read_the_same_text_differently(export, database, date_format, expected):
    rows = [{"opportunity_id": "o1", "created_at": "03/04/2026 10:30",
             "expected_close_date": "03/04/2026"}]
    assert load_rows(export, database, "opportunities", rows,
                     ["created_at", "expected_close_date"], date_format=date_format) == expected


def test_ymd_dates_become_iso(export, database):
    rows = [{"opportunity_id": "o1", "created_at": "2026/4/3 7:00",
             "expected_close_date": "2026.04.03"},
            {"opportunity_id": "o2", "created_at": "2026-4-3", "expected_close_date": "2026-4-30"}]
    assert load_rows(export, database, "opportunities", rows,
                     ["created_at", "expected_close_date"], date_format="YMD") == [
        ("2026-04-03 07:00:00", "2026-04-03"), ("2026-04-03 00:00:00", "2026-04-30")]


@pytest.mark.parametrize("date_format, column, value, expected", [
    ("DMY", "hired_at", "31.13.2026", "not a valid date in --date-format DMY (like 31.12.2026)"),
    ("DMY", "hired_at", "30.02.2026", "not a valid date in --date-format DMY (like 31.12.2026)"),
    ("DMY", "hired_at", "00.01.2026", "not a valid date in --date-format DMY (like 31.12.2026)"),
    ("DMY", "hired_at", "31.12.2026 14:05",
     "not a valid date in --date-format DMY (like 31.12.2026)"),
    ("DMY", "hired_at", "not a date", "not a valid date in --date-format DMY (like 31.12.2026)"),
    ("MDY", "hired_at", "13/01/2026", "not a valid date in --date-format MDY (like 12/31/2026)"),
    ("YMD", "hired_at", "2026/31/12", "not a valid date in --date-format YMD (like 2026/12/31)"),
    ("DMY", "updated_at", "31.12.2026 24:00",
     "not a valid timestamp in --date-format DMY (like 31.12.2026 14:05)"),
    ("DMY", "updated_at", "31.12.2026 14:5",
     "not a valid timestamp in --date-format DMY (like 31.12.2026 14:05)"),
    ("MDY", "updated_at", "31/12/2026 14:05",
     "not a valid timestamp in --date-format MDY (like 12/31/2026 14:05)"),
])
def test_a_date_that_does_not_read_in_the_format_is_refused(
        export, database, date_format, column, value, expected):
    rows = [{"rep_id": "r1", "email": SECRET, "hired_at": "2026-01-05"},
            {"rep_id": "r2", "email": SECRET, column: value}]
    message = refusal_of(export, database, "reps", rows, date_format=date_format)
    assert f"reps.csv: column {column}, line 3: {expected}" in message
    assert SECRET not in message and value not in message


@pytest.mark.parametrize("date_format, value", [
    ("DMY", "15.01.26"), ("YMD", "26-01-15"), ("MDY", "01/15/26"), (None, "15.01.26"),
    (None, "26-01-15"), ("DMY", "15.01.26 10:00"),
])
def test_a_two_digit_year_is_refused_not_guessed(export, database, date_format, value):
    message = refusal_of(export, database, "reps", [{"rep_id": "r1", "updated_at": value}],
                         date_format=date_format)
    assert ("reps.csv: column updated_at, line 2: two-digit year, not guessed: "
            "export years with four digits") in message


@pytest.mark.parametrize("column, value, hint", [
    ("hired_at", "31.12.2026", "dates look like DD/MM/YYYY or MM/DD/YYYY: "
                               "load with --date-format DMY or MDY"),
    ("hired_at", "12/31/2026", "dates look like DD/MM/YYYY or MM/DD/YYYY: "
                               "load with --date-format DMY or MDY"),
    ("updated_at", "05.01.2026 14:05", "dates look like DD/MM/YYYY or MM/DD/YYYY: "
                                       "load with --date-format DMY or MDY"),
    ("hired_at", "2026/12/31", "dates look like YYYY/MM/DD: load with --date-format YMD"),
    ("hired_at", "2026-1-5", "dates look like YYYY/MM/DD: load with --date-format YMD"),
])
def test_non_iso_dates_without_the_option_are_refused_naming_it(export, database, column,
                                                                value, hint):
    rows = [{"rep_id": "r1", "email": SECRET, "hired_at": "2026-01-05"},
            {"rep_id": "r2", "email": SECRET, column: value}]
    message = refusal_of(export, database, "reps", rows, delimiter=",")
    assert f"reps.csv: column {column}, line 3: {hint}" in message
    assert SECRET not in message


def test_without_the_option_what_is_no_date_at_all_arrives_as_written(export, database):
    values = ["31/02/2026", "not a date", "2026-13-45", "2026-03-01T12:00:00Z", "31.12.2026x"]
    rows = [{"rep_id": f"r{i}", "updated_at": value} for i, value in enumerate(values)]
    assert load_rows(export, database, "reps", rows, ["updated_at"], delimiter=",") \
        == [(value,) for value in values]


def test_every_value_problem_of_every_file_is_reported_at_once(export, database):
    write(export, "reps.csv", csv_text("reps", [
        {"rep_id": "r1", "hired_at": "31.13.2026", "updated_at": "31.12.2026"},
        {"rep_id": "r2", "hired_at": "31.13.2026"}], ";"))
    write(export, "invoices.csv", csv_text("invoices", [
        {"invoice_id": "i1", "amount": "12.5", "invoiced_at": "31.12.2026"}], ";"))
    message = refusal_of(export, database, "costs",
                         [{"month": "01.13.2026", "amount": "x"}],
                         date_format="DMY", decimal_comma=True)
    assert message.startswith("some values cannot be read; nothing was loaded:")
    for problem in [
            "reps.csv: column hired_at, line 2 (and 1 more line): not a valid date",
            "invoices.csv: column amount, line 2: not a decimal-comma number",
            "costs.csv: column month, line 2: not a valid date",
            "costs.csv: column amount, line 2: not a decimal-comma number"]:
        assert problem in message
    assert "updated_at" not in message and "invoiced_at" not in message


def test_the_locale_options_on_the_command_line(export, database, capsys):
    write(export, "costs.csv", csv_text("costs", [
        {"month": "01.03.2026", "cost_category": "sales", "amount": "1 250,00"}], ";"))
    args = ["--schema", "crm_raw", "--database", str(database), str(export)]
    assert load_crm.main(args) == 2
    assert "looks ';'-separated: load with --delimiter ';'" in capsys.readouterr().err
    assert load_crm.main(args + ["--delimiter", ";"]) == 2
    err = capsys.readouterr().err
    assert "load with --date-format DMY or MDY" in err and "load with --decimal-comma" in err
    assert load_crm.main(args + ["--delimiter", ";", "--date-format", "dmy",
                                 "--decimal-comma"]) == 0
    assert query(database, "select month, amount from crm_raw.costs") \
        == [("2026-03-01", "1250.00")]
    with pytest.raises(SystemExit):
        load_crm.main(args + ["--date-format", "DM"])


def test_the_locale_options_are_ignored_for_parquet_with_a_warning(export, database, capsys):
    con = duckdb.connect()
    con.execute(f"""
        copy (select 'i1' as invoice_id, 'a1' as account_id, null::varchar as opportunity_id,
                     '31.12.2026' as invoiced_at, '12,50' as amount, 'EUR' as currency,
                     null::varchar as updated_at)
        to '{export}/invoices.parquet' (format parquet)""")
    con.close()
    write(export, "costs.csv", csv_text("costs", [{"month": "01.03.2026", "amount": "1 250,00"}],
                                        ";"))

    load(export, "crm_raw", database, csv_format=load_crm.CsvFormat(";", True, "DMY"))

    assert query(database, "select invoiced_at, amount from crm_raw.invoices") \
        == [("31.12.2026", "12,50")]
    assert query(database, "select month, amount from crm_raw.costs") \
        == [("2026-03-01", "1250.00")]
    assert ("ignored for invoices.parquet (CSV only): --delimiter ';', --decimal-comma, "
            "--date-format DMY") in capsys.readouterr().err

    (export / "costs.csv").unlink()
    load(export, "crm_raw", database)
    assert "CSV only" not in capsys.readouterr().err
