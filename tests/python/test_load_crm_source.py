"""scripts/load_crm.py --source: a CRM's own export (one file per object, API
or snake_case names) lands as the source mapping's sources yml declares it."""

import re
import sys
from pathlib import Path

import duckdb
import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
sys.path.insert(0, str(SCRIPTS))

import crm_sources  # noqa: E402
import load_crm  # noqa: E402
from load_crm import CsvFormat, LoadRefused, Shape, load  # noqa: E402

SALESFORCE = Shape("salesforce")
OBJECTS = list(crm_sources.read_source("salesforce"))


def write(directory, filename, lines):
    path = Path(directory) / filename
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def query(database, sql):
    con = duckdb.connect(str(database), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def columns(database, table):
    return [row[0] for row in query(database, f'describe crm_raw."{table}"')]


OPPORTUNITY = [
    "Id,AccountId,OwnerId,StageName,Amount,CloseDate,CreatedDate,IsWon,Delivery_Status__c,NextStep",
    "006A,001A,005A,Closed Won,100,2026-02-01,2026-01-10T09:00:00.000+0000,true,Shipped,call",
]


def test_api_names_become_snake_case_and_every_column_is_kept(export, database):
    write(export, "Opportunity.csv", OPPORTUNITY)
    results = load(export, "crm_raw", database, shape=SALESFORCE)
    assert ("opportunity", 1, "Opportunity.csv") in results
    assert columns(database, "opportunity")[:10] == [
        "id", "account_id", "owner_id", "stage_name", "amount", "close_date", "created_date",
        "is_won", "delivery_status_c", "next_step"]  # then the optional ones it lacks
    assert query(database, "select id, stage_name, created_date, delivery_status_c "
                           "from crm_raw.opportunity") == [
        ("006A", "Closed Won", "2026-01-10T09:00:00.000+0000", "Shipped")]


def test_objects_without_a_file_are_created_empty_with_the_columns_the_mapping_reads(
        export, database, capsys):
    write(export, "Opportunity.csv", OPPORTUNITY)
    results = load(export, "crm_raw", database, shape=SALESFORCE)
    assert [table for table, _, _ in results] == OBJECTS
    assert {(table, rows, outcome) for table, rows, outcome in results
            if table != "opportunity"} == {(table, 0, load_crm.CREATED_EMPTY)
                                           for table in OBJECTS if table != "opportunity"}
    declared = crm_sources.read_source("salesforce")["opportunity_history"].columns
    assert columns(database, "opportunity_history") == [column.name for column in declared]
    assert "created empty" in capsys.readouterr().err


@pytest.mark.parametrize("filename", ["Opportunity History.csv", "OpportunityHistory.csv",
                                      "opportunity_history.csv", "OPPORTUNITY_HISTORY.csv"])
def test_an_object_file_may_be_named_in_any_usual_form(export, database, filename):
    write(export, filename, ["OpportunityId,StageName,CreatedDate",
                             "006A,Prospecting,2026-01-10 09:00:00"])
    load(export, "crm_raw", database, shape=SALESFORCE)
    assert query(database, "select opportunity_id, stage_name from crm_raw.opportunity_history"
                 ) == [("006A", "Prospecting")]


def test_fivetran_package_sample_files_name_their_object(export, database, capsys):
    # Fivetran's dbt packages keep their sample rows as <object>_data.csv,
    # behind the package's prefix in dbt_salesforce (sf_user_role_data.csv).
    # A file whose name holds no object the mapping reads stays ignored
    # (sf_account_history_data: account_history; sf_contact_data: contact).
    write(export, "sf_user_role_data.csv", ["id,name,_fivetran_deleted", "00EA,Sales,false"])
    write(export, "opportunity_line_item_data.csv",
          ["id,opportunity_id,product_2_id,total_price", "00kA,006A,01tA,100"])
    write(export, "sf_account_history_data.csv", ["id,field", "017A,Name"])
    write(export, "sf_contact_data.csv", ["id,name", "003A,Ann"])
    results = load(export, "crm_raw", database, shape=SALESFORCE)
    assert ("user_role", 1, "sf_user_role_data.csv") in results
    assert ("opportunity_line_item", 1, "opportunity_line_item_data.csv") in results
    assert ("ignoring files that are not salesforce objects the mapping reads: "
            "sf_account_history_data.csv, sf_contact_data.csv") in capsys.readouterr().err


def test_an_object_in_two_files_is_refused_whatever_their_name_forms(export, database):
    write(export, "UserRole.csv", ["Id,Name", "00EA,Sales"])
    write(export, "sf_user_role_data.csv", ["id,name", "00EA,Sales"])
    with pytest.raises(LoadRefused, match="user_role: UserRole.csv and sf_user_role_data.csv "
                                          "are the same table; keep only one"):
        load(export, "crm_raw", database, shape=SALESFORCE)


def test_snake_case_headers_are_read_as_they_are(export, database):
    write(export, "opportunity_history.csv", ["opportunity_id,stage_name,created_date,_fivetran_deleted",
                                              "006A,Prospecting,2026-01-10,false"])
    load(export, "crm_raw", database, shape=SALESFORCE)
    assert columns(database, "opportunity_history")[:4] == [
        "opportunity_id", "stage_name", "created_date", "_fivetran_deleted"]


def test_a_missing_required_column_is_refused_naming_it_and_the_rename_option(export, database):
    write(export, "Opportunity History.csv", ["OppID,CreatedDate,StageName,SortOrder",
                                              "006A,2026-01-10,Prospecting,1"])
    with pytest.raises(LoadRefused) as refusal:
        load(export, "crm_raw", database, shape=SALESFORCE)
    message = str(refusal.value)
    assert "_salesforce__sources.yml" in message
    assert "Opportunity History.csv: missing columns: opportunity_id" in message
    assert "--rename THEIRS=opportunity_id" in message
    assert not database.exists()


def test_rename_maps_an_export_header_onto_the_mapping_column(export, database):
    write(export, "Opportunity History.csv", ["OppID,CreatedDate,StageName,SortOrder",
                                              "006A,2026-01-10,Prospecting,1"])
    load(export, "crm_raw", database,
         shape=Shape("salesforce", (("opp_id", "opportunity_id"),)))
    assert columns(database, "opportunity_history")[:4] == [
        "opportunity_id", "created_date", "stage_name", "sort_order"]


def test_optional_columns_may_be_missing_and_are_added_empty(export, database, capsys):
    # No CurrencyIsoCode (a single-currency org), no IsClosed, no LastModifiedDate:
    # the mapping reads them, so they are added, NULL on every row, and named.
    write(export, "Opportunity.csv", ["Id,OwnerId,StageName,CloseDate,CreatedDate",
                                      "006A,005A,Prospecting,2026-02-01,2026-01-10"])
    load(export, "crm_raw", database, shape=SALESFORCE)
    declared = [column.name for column in crm_sources.read_source("salesforce")["opportunity"].columns]
    present = columns(database, "opportunity")
    assert present[:5] == ["id", "owner_id", "stage_name", "close_date", "created_date"]
    assert sorted(present) == sorted(declared)
    assert query(database, "select currency_iso_code, is_closed, last_modified_date "
                           "from crm_raw.opportunity") == [(None, None, None)]
    added = re.search(r"added empty \(optional, not in the file\): (.*)", capsys.readouterr().err)
    assert "opportunity.currency_iso_code" in added.group(1).split(", ")


def test_columns_no_file_has_are_named_once_not_per_table(export, database, capsys):
    # An export has none of Fivetran's sync columns, which every object
    # declares: they are named once, in the order the first file declares
    # them (opportunity: last_modified_date, is_deleted, _fivetran_deleted,
    # _fivetran_active; account declares them too); a column only some
    # files lack is named per table, and one no file lacks not at all.
    write(export, "Opportunity.csv", ["Id,OwnerId,StageName,CloseDate,CreatedDate,CurrencyIsoCode",
                                      "006A,005A,Prospecting,2026-02-01,2026-01-10,EUR"])
    write(export, "Account.csv", ["Id,Name,CurrencyIsoCode", "001A,Acme,EUR"])
    load(export, "crm_raw", database, shape=SALESFORCE)
    added = re.search(r"added empty \(optional, not in the file\): (.*)", capsys.readouterr().err)
    everywhere, by_table = added.group(1).split("; ")
    assert everywhere == ("last_modified_date, is_deleted, _fivetran_deleted, _fivetran_active "
                          "in every file")
    assert {"opportunity.is_closed", "account.industry"} <= set(by_table.split(", "))
    assert "_fivetran" not in by_table and "currency_iso_code" not in added.group(1)


def test_a_column_one_loaded_file_has_is_named_per_table(export, database, capsys):
    # UserRole.csv has every column user_role declares (id, name,
    # is_deleted and both sync columns), so no column is lacking in every
    # file: the two files that lack the sync columns are named with them.
    write(export, "Opportunity.csv", ["Id,OwnerId,StageName,CloseDate,CreatedDate",
                                      "006A,005A,Prospecting,2026-02-01,2026-01-10"])
    write(export, "Account.csv", ["Id,Name", "001A,Acme"])
    write(export, "UserRole.csv", ["Id,Name,IsDeleted,_fivetran_deleted,_fivetran_active",
                                   "00EA,Sales,false,false,true"])
    load(export, "crm_raw", database, shape=SALESFORCE)
    added = re.search(r"added empty \(optional, not in the file\): (.*)", capsys.readouterr().err)
    assert "in every file" not in added.group(1)
    assert {"opportunity._fivetran_deleted", "account._fivetran_deleted"} <= set(
        added.group(1).split(", "))
    assert "user_role." not in added.group(1)


def test_fivetran_history_mode_versions_are_not_taken_for_the_stage_log(export, database):
    write(export, "opportunity_history.csv",
          ["_fivetran_active,_fivetran_start,_fivetran_end,id,stage_name,created_date",
           "true,2019-10-17 21:10:19,9999-12-31 23:59:59,006A,Closed Won,2018-12-19 19:51:13"])
    with pytest.raises(LoadRefused) as refusal:
        load(export, "crm_raw", database, shape=SALESFORCE)
    assert ("missing columns: opportunity_id; it has _fivetran_start: it holds Fivetran "
            "History Mode versions of Opportunity") in str(refusal.value)


def test_a_column_twice_in_snake_case_and_an_object_twice_are_refused(export, database):
    write(export, "Opportunity.csv", ["Id,OwnerId,StageName,stage_name,CloseDate,CreatedDate",
                                      "006A,005A,Prospecting,Prospecting,2026-02-01,2026-01-10"])
    write(export, "Task.csv", ["Id,OwnerId,CreatedDate", "00TA,005A,2026-01-10"])
    write(export, "task.parquet", ["not parquet"])
    with pytest.raises(LoadRefused) as refusal:
        load(export, "crm_raw", database, shape=SALESFORCE)
    message = str(refusal.value)
    assert "Opportunity.csv: duplicate columns (in snake_case): stage_name" in message
    assert "task: Task.csv and task.parquet are the same table; keep only one" in message


def test_dmy_converts_only_the_dates_timestamps_and_amounts_the_mapping_reads(export, database):
    write(export, "Opportunity.csv", [
        "Id,OwnerId,StageName,Amount,CloseDate,CreatedDate,LastModifiedDate,LastActivityDate",
        "006A,005A,Prospecting,\"1234,5\",24/03/2022,14/03/2022,02/03/2022 16:11,01/03/2022"])
    load(export, "crm_raw", database, shape=SALESFORCE,
         csv_format=CsvFormat(date_format="DMY", decimal_comma=True))
    assert query(database, "select amount, close_date, created_date, last_modified_date, "
                           "last_activity_date from crm_raw.opportunity") == [
        ("1234.5", "2022-03-24", "2022-03-14 00:00:00", "2022-03-02 16:11:00", "01/03/2022")]


def test_non_iso_dates_without_the_option_are_refused_naming_it(export, database):
    write(export, "Opportunity.csv", ["Id,OwnerId,StageName,CloseDate,CreatedDate",
                                      "006A,005A,Prospecting,24/03/2022,14/03/2022"])
    with pytest.raises(LoadRefused, match="column close_date, line 2: .*--date-format DMY"):
        load(export, "crm_raw", database, shape=SALESFORCE)


def test_parquet_with_api_names_keeps_its_types(export, database):
    con = duckdb.connect()
    con.execute(f"copy (select '006A' as \"Id\", '005A' as \"OwnerId\", 'Prospecting' as "
                f"\"StageName\", date '2026-02-01' as \"CloseDate\", timestamp '2026-01-10 09:00' "
                f"as \"CreatedDate\", 12.5 as \"Amount\") to '{export}/Opportunity.parquet' "
                "(format parquet)")
    con.close()
    load(export, "crm_raw", database, shape=SALESFORCE)
    assert query(database, "select typeof(created_date), amount from crm_raw.opportunity") == [
        ("TIMESTAMP", 12.5)]


def test_a_folder_without_any_object_is_refused(export, database, capsys):
    write(export, "opportunities.csv", ["opportunity_id", "1"])
    with pytest.raises(LoadRefused, match="holds none of the salesforce objects"):
        load(export, "crm_raw", database, shape=SALESFORCE)
    assert "ignoring files that are not salesforce objects the mapping reads: opportunities.csv" \
        in capsys.readouterr().err


def test_command_line(export, database, capsys):
    write(export, "Opportunity History.csv", ["OppID,CreatedDate,StageName",
                                              "006A,10/01/2026,Prospecting"])
    assert load_crm.main(["--source", "salesforce", "--schema", "crm_raw", "--database",
                          str(database), "--date-format", "DMY", "--rename", "OppID=OpportunityId",
                          str(export)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"opportunity_history +1 rows  \(Opportunity History.csv\)", out)
    assert "next: make build VARS='{crm_source: salesforce, crm_raw_schema: crm_raw}'" in out
    assert query(database, "select opportunity_id, created_date, stage_name "
                           "from crm_raw.opportunity_history") == [
        ("006A", "2026-01-10 00:00:00", "Prospecting")]
    with pytest.raises(SystemExit):
        load_crm.main(["--schema", "crm_raw", "--rename", "a=b", str(export)])
    assert "--rename needs --source" in capsys.readouterr().err


def test_another_source_plugs_in_by_its_sources_yml_alone(export, database, tmp_path,
                                                          monkeypatch):
    models = tmp_path / "models"
    (models / "acme").mkdir(parents=True)
    (models / "acme" / "_acme__sources.yml").write_text("""
sources:
  - name: acme
    tables:
      - name: deal_stage
        columns:
          - {name: deal_id, config: {meta: {kind: id}}}
          - {name: date_entered, config: {meta: {kind: timestamp}}}
          - {name: source, config: {meta: {kind: text, optional: true}}}
""")
    monkeypatch.setattr(crm_sources, "MODELS", models)
    crm_sources.read_source.cache_clear()
    assert crm_sources.available() == ["acme"]
    write(export, "DealStage.csv", ["DealId,DateEntered,Extra", "d1,31.12.2025 10:00,x"])
    load(export, "crm_raw", database, shape=Shape("acme"), csv_format=CsvFormat(date_format="DMY"))
    assert query(database, "select * from crm_raw.deal_stage") == [
        ("d1", "2025-12-31 10:00:00", "x", None)]  # its optional source added empty
    crm_sources.read_source.cache_clear()


@pytest.mark.parametrize("name, snake", [
    ("StageName", "stage_name"), ("Opportunity History", "opportunity_history"),
    ("Product2", "product_2"), ("Pricebook2Id", "pricebook_2_id"),
    ("DeliveryInstallationStatus__c", "delivery_installation_status_c"), ("OppID", "opp_id"),
    ("mc4sf__MC_Subscriber__c", "mc_4_sf_mc_subscriber_c"), ("_fivetran_synced", "_fivetran_synced"),
    ("LastCURequestDate", "last_curequest_date"), ("Account.Name", "account_name")])
def test_snake_case_names_as_fivetran_does(name, snake):
    assert crm_sources.snake_case(name) == snake
