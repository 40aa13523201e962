"""fct_activities builds incrementally: a second dbt build after a re-sync
adds new and changed activities and gives the same table as a full rebuild,
except for a change whose updated_at is older than the three-day margin."""

import csv
import shutil

from conftest import ROOT, query, run_dbt, run_script

VARS = {"crm_raw_schema": "crm_raw", "as_of": "2026-03-15"}
COLUMNS = "activity_id, rep_id, activity_type, occurred_at, outcome, changed_at"


def _load(export, warehouse):
    run_script("load_crm.py", "--schema", "crm_raw", "--database", warehouse, export)


def _activities(warehouse):
    return query(warehouse, f"select {COLUMNS} from fct_activities order by activity_id")


def test_second_build_adds_changes_like_a_full_rebuild(tmp_path, mini_build):
    # The first build: conftest's mini_build (the same export and VARS).
    export = tmp_path / "export"
    shutil.copytree(ROOT / "tests/python/data/mini_crm", export)
    warehouse = tmp_path / "build" / "build.duckdb"
    warehouse.parent.mkdir()
    shutil.copy(mini_build[0], warehouse)
    assert [row[0] for row in _activities(warehouse)] == ["X1", "X2", "X3"]

    # A re-sync: a new activity, a newer version of X2, and a late change to
    # X1 stamped before the margin (the latest loaded change is X3's,
    # 2026-01-26 09:00, so the margin starts 2026-01-23 09:00).
    with open(export / "activities.csv", "a", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["X4", "R2", "demo", "2026-03-01 10:00:00", "", "O3", "A2", "positive",
                         "2026-03-01 10:00:00"])
        writer.writerow(["X2", "R1", "meeting", "2026-01-12 09:00:00", "", "O1", "A1", "negative",
                         "2026-03-02 09:00:00"])
        writer.writerow(["X1", "R1", "call", "2026-01-05 09:00:00", "L1", "", "A1", "neutral",
                         "2026-01-06 09:00:00"])
    _load(export, warehouse)
    run_dbt(["build"], warehouse, tmp_path, VARS)
    incremental = _activities(warehouse)

    run_dbt(["run", "--full-refresh", "--select", "fct_activities"], warehouse, tmp_path, VARS)
    full = _activities(warehouse)

    assert [(row[0], row[4]) for row in incremental] == [
        ("X1", "positive"), ("X2", "negative"), ("X3", "no_response"), ("X4", "positive")]
    # The late change to X1 is only picked up by the full rebuild.
    assert [(row[0], row[4]) for row in full] == [
        ("X1", "neutral"), ("X2", "negative"), ("X3", "no_response"), ("X4", "positive")]
    assert incremental[1:] == full[1:]
