"""The Salesforce mapping on Fivetran's own test rows (../shared/source_shapes/
fivetran_salesforce: the integration-test seeds of Fivetran's dbt_salesforce
package, hashed text, real columns): loaded with load_crm.py --source
salesforce into a schema of a temp build database, built with crm_source
salesforce (every data and unit test of the mapping runs), and every raw row
accounted for. sf_opportunity_history_data is Fivetran History Mode versions
of Opportunity: put into the schema as opportunity_history, it is not read
as stage history.

Skipped where ../shared/source_shapes is not next to the checkout."""

import csv
import json
import shutil

import duckdb
import pytest

from conftest import ROOT, query, run_dbt, run_script, undocumented, unit_test_results

SHAPES = ROOT.parent / "shared" / "source_shapes" / "fivetran_salesforce"
OBJECTS = {"account": "Account", "event": "Event", "lead": "Lead", "opportunity": "Opportunity",
           "opportunity_line_item": "OpportunityLineItem", "product_2": "Product2",
           "task": "Task", "user": "User", "user_role": "UserRole"}

VARS = {"crm_source": "salesforce", "crm_raw_schema": "sf_raw", "as_of": "2019-12-31"}

pytestmark = pytest.mark.skipif(not SHAPES.is_dir(), reason="source shapes not present")


def _rows(name):
    with open(SHAPES / f"sf_{name}_data.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _true(value):
    return (value or "").strip().lower() in ("true", "1")


def _deleted(row):
    """Deleted in Salesforce, as Fivetran saw it, or an inactive History Mode version."""
    return (_true(row.get("is_deleted")) or _true(row.get("_fivetran_deleted"))
            or (row.get("_fivetran_active") or "").lower() == "false")


@pytest.fixture(scope="module")
def fivetran(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fivetran")
    export = tmp / "export"
    export.mkdir()
    for name, api_name in OBJECTS.items():  # files named as an export would name them
        shutil.copy(SHAPES / f"sf_{name}_data.csv", export / f"{api_name}.csv")
    warehouse = tmp / "build.duckdb"
    run_script("load_crm.py", "--source", "salesforce", "--schema", "sf_raw",
               "--database", warehouse, export)
    con = duckdb.connect(str(warehouse))
    con.execute("create or replace table sf_raw.opportunity_history as select * from read_csv("
                f"'{SHAPES / 'sf_opportunity_history_data.csv'}', all_varchar = true)")
    con.close()
    # Every one of the fixture's 10 deals is deleted (below): no deal is
    # staged, which fails the build unless allowed, as a user who knows that
    # would (tests/audit/audit_gate_deals_are_staged.sql).
    output = run_dbt(["build"], warehouse, tmp, {**VARS, "audit_allow_no_deals": True},
                     unit_tests=True, transcript=True)
    return warehouse, tmp / "target", output


def test_every_raw_row_is_staged_quarantined_superseded_or_deleted(fivetran):
    warehouse, _, _ = fivetran
    counts = {table: (raw, staged, quarantined, superseded, deleted)
              for table, raw, staged, quarantined, superseded, deleted in query(
                  warehouse, "select * from audit.audit_row_counts")}
    for table, (raw, staged, quarantined, superseded, deleted) in counts.items():
        assert raw == staged + quarantined + superseded + deleted, table
    # Each contract table's raw rows are its Salesforce object's rows.
    assert counts["opportunities"][0] == len(_rows("opportunity"))
    assert counts["accounts"][0] == len(_rows("account"))
    assert counts["reps"][0] == len(_rows("user"))
    assert counts["products"][0] == len(_rows("product_2"))
    assert counts["leads"][0] == len(_rows("lead"))
    # Every fixture deal is deleted (IsDeleted), or an inactive version.
    assert counts["opportunities"][4] == sum(map(_deleted, _rows("opportunity"))) == 10
    for table, name in [("accounts", "account"), ("reps", "user"), ("products", "product_2"),
                        ("leads", "lead")]:
        assert counts[table][4] == sum(map(_deleted, _rows(name))), table


def test_without_the_var_the_deleted_deals_fail_the_gate(fivetran, tmp_path):
    """The fixture's build allows a CRM without deals; without that var the
    deals gate, run on the same build, says why none is staged."""
    warehouse, _, _ = fivetran
    output = run_dbt(["compile", "--select", "audit_gate_deals_are_staged", "--output", "json",
                      "--log-format", "json"], warehouse, tmp_path, VARS, transcript=True)
    (compiled,) = [json.loads(line)["data"]["compiled"] for line in output.splitlines()
                   if '"compiled"' in line]
    # All 10 raw deals deleted (test above): 10 raw, 0 staged, 0 quarantined.
    assert query(warehouse, compiled) == [(
        "no deal was staged: all 10 raw opportunities rows were deleted in the CRM, so every "
        "deal KPI would be empty; load the deals, or set the var audit_allow_no_deals: true to "
        "publish a warehouse without them",)]


def test_activities_are_the_events_and_the_completed_calls_emails_and_meetings(fivetran):
    warehouse, _, _ = fivetran
    events = _rows("event")
    tasks = [t for t in _rows("task")
             if (t["task_subtype"] in ("Call", "Email", "ListEmail")
                 or t["type"] in ("Call", "Email", "Meeting", "Demo"))
             and t["is_closed"].lower() != "false"]
    live = [a for a in events + tasks if not _deleted(a)]
    assert query(warehouse, "select raw_rows, deleted_rows from audit.audit_row_counts "
                            "where source_table = 'activities'") == [
        (len(events) + len(tasks), len(events) + len(tasks) - len(live))]
    expected = {(e["id"], e["type"].lower() if e["type"] in ("Call", "Email") else "meeting")
                for e in events if not _deleted(e)}
    assert set(query(warehouse, "select activity_id, activity_type from staging.stg_crm__activities")
               ) == expected


def test_history_mode_versions_of_opportunity_are_not_read_as_stage_history(fivetran):
    warehouse, _, output = fivetran
    assert "Fivetran History Mode versions of Opportunity" in output
    assert "not read (no rows)" in output
    assert query(warehouse, "select count(*) from staging.salesforce__opportunity_stage_history"
                 ) == [(0,)]


def test_roles_are_teams_and_stages_come_from_the_standard_picklist(fivetran):
    warehouse, _, _ = fivetran
    roles = {r["id"]: r["name"] for r in _rows("user_role")}
    expected = {(u["id"], roles.get(u["user_role_id"]))
                for u in _rows("user") if not _deleted(u)}
    assert set(query(warehouse, "select rep_id, team from staging.stg_crm__reps")) == expected
    assert query(warehouse, "select stage from staging.stg_crm__pipeline_stages "
                            "order by stage_order")[-2:] == [("closed_won",), ("closed_lost",)]


def test_every_salesforce_model_and_column_is_documented(fivetran):
    warehouse, target, _ = fivetran
    missing, models = undocumented(warehouse, target,
                                   lambda node: "/salesforce/" in node["original_file_path"])
    assert models == 39
    assert missing == []
    manifest = json.loads((target / "manifest.json").read_text())
    tested = {n["model"] for n in manifest["unit_tests"].values()}
    assert len([n for n in manifest["unit_tests"].values()
                if n["model"].startswith("salesforce__")]) >= 12
    assert {"salesforce__opportunities", "salesforce__opportunity_stage_entries",
            "salesforce__tasks_and_events", "salesforce__currency_rates",
            "salesforce__opportunity_products", "salesforce__data_quality_warnings"} <= tested


def test_the_mappings_unit_tests_ran_and_passed(fivetran):
    unit_tests, passed = unit_test_results(fivetran[1])
    mapping = {unique_id for unique_id, node in unit_tests.items()
               if node["model"].startswith("salesforce__")}
    assert len(mapping) >= 12
    assert mapping <= passed
