"""The staging of the tables that grow (activities, leads, the stage
history) builds incrementally: a second dbt build after a re-sync stages again only the
records whose raw rows changed, new, changed, repeated or deleted whatever
their dates, and gives the same rows as a full rebuild."""

import csv
import shutil
from datetime import datetime
from decimal import Decimal

import duckdb

from conftest import ROOT, query, run_dbt, run_script

VARS = {"crm_raw_schema": "crm_raw", "as_of": "2026-03-15"}


def _write(path, header, rows):
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def resync(export):
    """The mini export re-synced: X1 changed late (updated_at a day after it
    happened, long before the latest change loaded), X2 unchanged, X3
    deleted in the CRM, X4 new and sent twice, a new row without an
    activity_id, X5 new with an older version whose id carries spaces;
    lead L1 unchanged, L2 worked on, L3 new; in the stage history, O1's
    entries unchanged, O2's proposal entry moved a day, O3's negotiation
    entry sent twice, O4's entries deleted; deal O5's negative amount
    corrected to 10, deal O2's older version (proposal, 4000) no longer
    sent (its latest stays); invoice I2 new."""
    with open(export / "activities.csv") as handle:
        header, x1, x2, _x3 = list(csv.reader(handle))
    x1[7], x1[8] = "neutral", "2026-01-06 09:00:00"
    x4 = ["X4", "R2", "demo", "2026-03-01 10:00:00", "", "O3", "A2", "positive", "2026-03-01 10:00:00"]
    _write(export / "activities.csv", header, [
        x1, x2, x4, x4,
        ["", "R1", "call", "2026-03-02 10:00:00", "", "", "A1", "positive", "2026-03-02 10:00:00"],
        [" X5 ", "R1", "email", "2026-03-03 10:00:00", "", "O1", "A1", "positive", "2026-03-03 10:00:00"],
        ["X5", "R1", "email", "2026-03-03 10:00:00", "", "O1", "A1", "negative", "2026-03-04 10:00:00"]])
    with open(export / "leads.csv") as handle:
        header, l1, l2 = list(csv.reader(handle))
    l2[8], l2[9], l2[12] = "working", "2026-01-11 09:00:00", "2026-01-11 09:00:00"
    l3 = ["L3", "2026-03-01 08:00:00", "webinar", "C1", "marketing", "R1", "", "lead3@example.com",
          "new", "", "", "", "2026-03-01 08:00:00"]
    _write(export / "leads.csv", header, [l1, l2, l3])
    with open(export / "opportunity_stage_history.csv") as handle:
        header, *entries = list(csv.reader(handle))
    o1, o2, o3 = ([entry for entry in entries if entry[0] == deal] for deal in ("O1", "O2", "O3"))
    o2[1][2] = "2026-02-01 10:00:00"
    _write(export / "opportunity_stage_history.csv", header, [*o1, *o2, *o3, o3[1]])
    with open(export / "opportunities.csv") as handle:
        header, *deals = list(csv.reader(handle))
    o5 = deals[4]
    o5[6], o5[13] = "10", "2026-03-01 00:00:00"
    _write(export / "opportunities.csv", header,
           [deal for deal in deals if deal[0] != "O2" or deal[11] != "proposal"])
    with open(export / "invoices.csv") as handle:
        header, i1 = list(csv.reader(handle))
    _write(export / "invoices.csv", header, [i1, ["I2", "A2", "", "2026-03-10", "1000", "EUR", "2026-03-10 00:00:00"]])


# What the build holds of the two tables, whole, and what follows from them.
TABLES = {
    "base_crm__activities": "select * exclude (staging_key) from staging.base_crm__activities",
    "base_crm__leads": "select * exclude (staging_key) from staging.base_crm__leads",
    "stg_crm__leads": "select * from staging.stg_crm__leads",
    "base_crm__opportunity_stage_history":
        "select * exclude (staging_key) from staging.base_crm__opportunity_stage_history",
    "fct_opportunity_stages": "select * from main.fct_opportunity_stages",
    "base_crm__opportunities": "select * exclude (staging_key) from staging.base_crm__opportunities",
    "fct_opportunities": "select * from main.fct_opportunities",
    "base_crm__invoices": "select * exclude (staging_key) from staging.base_crm__invoices",
    "fct_invoices": "select * from main.fct_invoices",
    "fct_activities": "select * from main.fct_activities",
    "audit_row_counts": "select * from audit.audit_row_counts",
    "audit_quarantine": "select * from audit.audit_quarantine",
}


def _tables(warehouse):
    return {name: sorted(query(warehouse, sql), key=repr) for name, sql in TABLES.items()}


def test_a_second_build_stages_only_changed_records_and_equals_a_full_rebuild(tmp_path, mini_build):
    # The first build: conftest's mini_build (the same export and VARS).
    export = tmp_path / "export"
    shutil.copytree(ROOT / "tests/python/data/mini_crm", export)
    warehouse = tmp_path / "build" / "build.duckdb"
    warehouse.parent.mkdir()
    shutil.copy(mini_build[0], warehouse)
    resync(export)
    run_script("load_crm.py", "--schema", "crm_raw", "--database", warehouse, export)
    # A mark on X2's staged row, which no build writes: the incremental build
    # keeps it (X2's raw row did not change, so X2 is not staged again), the
    # full rebuild does not.
    con = duckdb.connect(str(warehouse))
    con.execute("update staging.base_crm__activities set outcome = 'negative' where activity_id = 'X2'")
    con.close()

    run_dbt(["build"], warehouse, tmp_path, VARS)
    incremental = _tables(warehouse)
    run_dbt(["run", "--full-refresh"], warehouse, tmp_path, VARS)
    full = _tables(warehouse)

    # Staged: X1 (its late change), X2 (marked), X4 once, X5's latest version;
    # X3 is gone. 7 raw rows = 4 staged + 1 quarantined (no id) + 2
    # superseded (X4's repeat, ' X5 ').
    assert query(warehouse, "select activity_id, outcome from fct_activities order by 1") == [
        ("X1", "neutral"), ("X2", "positive"), ("X4", "positive"), ("X5", "negative")]
    assert [(row[0], row[8]) for row in incremental["fct_activities"]] == [
        ("X1", "neutral"), ("X2", "negative"), ("X4", "positive"), ("X5", "negative")]
    assert query(warehouse, "select raw_rows, staged_rows, quarantined_rows, superseded_rows "
                 "from audit.audit_row_counts where source_table = 'activities'") == [(7, 4, 1, 2)]
    assert query(warehouse, "select lead_id, status from staging.stg_crm__leads order by 1") == [
        ("L1", "converted"), ("L2", "working"), ("L3", "new")]
    # O5 staged now (its amount 10 EUR); I2 new: 1000 EUR; I1 8333.33 SEK at
    # March's 0.087 = 724.9997 -> 725.00.
    assert query(warehouse, "select opportunity_id, amount from staging.stg_crm__opportunities "
                            "where opportunity_id = 'O5'") == [("O5", Decimal("10.00"))]
    # O2 lost a raw row and kept one: the row that stood for it is gone
    # too, not left behind as superseded.
    assert query(warehouse, "select stage, is_superseded from staging.base_crm__opportunities "
                            "where opportunity_id = 'O2'") == [("closed_lost", False)]
    assert query(warehouse, "select invoice_id, invoice_amount from staging.stg_crm__invoices "
                            "order by 1") == [("I1", Decimal("725.00")), ("I2", Decimal("1000.00"))]
    # 9 raw entries (O1 3, O2 3, O3 3) = 8 staged + 1 superseded (O3's repeat).
    assert query(warehouse, "select raw_rows, staged_rows, quarantined_rows, superseded_rows "
                 "from audit.audit_row_counts where source_table = 'opportunity_stage_history'") == [
        (9, 8, 0, 1)]
    assert query(warehouse, "select opportunity_id, stage, entered_at from "
                 "staging.stg_crm__opportunity_stage_history where opportunity_id in ('O2', 'O4') "
                 "order by entered_at") == [
        ("O2", "qualification", datetime(2026, 1, 20, 10)), ("O2", "proposal", datetime(2026, 2, 1, 10)),
        ("O2", "closed_lost", datetime(2026, 2, 20, 10))]

    for name in TABLES:
        if name in ("base_crm__activities", "fct_activities"):
            unmarked = [row for row in incremental[name] if row[0] != "X2"]
            assert unmarked == [row for row in full[name] if row[0] != "X2"], name
        else:
            assert incremental[name] == full[name], name


def test_a_build_with_other_settings_stages_every_record_again(tmp_path, mini_build):
    """How a raw row stages depends on more than the row: the plausible years
    (vars), for leads the channels seed, for the stage history the pipeline's
    stages, for invoices the fx rates. An incremental build after one
    changed stages every record again, though no raw row changed."""
    warehouse = tmp_path / "build" / "build.duckdb"
    warehouse.parent.mkdir()
    shutil.copy(mini_build[0], warehouse)
    con = duckdb.connect(str(warehouse))
    con.execute("update crm_raw.leads set source_channel = 'Paid Search' where lead_id = 'L2'")
    con.close()
    # L2's label is the seed's paid_search.
    run_dbt(["run", "--select", "base_crm__leads"], warehouse, tmp_path, VARS)
    leads = "select lead_id, source_channel from staging.base_crm__leads order by 1"
    assert query(warehouse, leads) == [("L1", "webinar"), ("L2", "paid_search")]

    # The user drops paid_search from the seed: a label of no channel of the
    # seed is kept, trimmed and lower-cased.
    con = duckdb.connect(str(warehouse))
    con.execute("delete from reference.channels where channel = 'paid_search'")
    con.close()
    run_dbt(["run", "--select", "base_crm__leads"], warehouse, tmp_path, VARS)
    assert query(warehouse, leads) == [("L1", "webinar"), ("L2", "paid search")]

    # With min_plausible_year 2027, every activity (all in 2026) has an
    # implausible occurred_at.
    run_dbt(["run", "--select", "base_crm__activities"], warehouse, tmp_path,
            {**VARS, "min_plausible_year": 2027})
    assert query(warehouse, "select activity_id, rejection_reason from staging.base_crm__activities "
                            "order by 1") == [(f"X{n}", "implausible year in occurred_at") for n in (1, 2, 3)]

    # The user drops discovery from the pipeline_stages seed: O1's discovery
    # entry is an invalid stage now.
    con = duckdb.connect(str(warehouse))
    con.execute("delete from reference.pipeline_stages where stage = 'discovery'")
    con.close()
    run_dbt(["run", "--select", "stg_crm__pipeline_stages", "base_crm__opportunity_stage_history"],
            warehouse, tmp_path, VARS)
    assert query(warehouse, "select opportunity_id, stage, rejection_reason "
                            "from staging.base_crm__opportunity_stage_history "
                            "where rejection_reason is not null") == [("O1", "discovery", "invalid stage")]

    # March's SEK rate corrected from 0.087 to 0.09: I1, 8333.33 SEK invoiced
    # on 2026-03-01, is 749.9997 -> 750.00 now.
    con = duckdb.connect(str(warehouse))
    con.execute("update crm_raw.fx_rates set rate_to_reporting = '0.09' where rate_date = '2026-03-01'")
    con.close()
    run_dbt(["run", "--select", "base_crm__fx_rates", "stg_crm__fx_rates", "base_crm__invoices"],
            warehouse, tmp_path, VARS)
    assert query(warehouse, "select invoice_id, invoice_amount from staging.base_crm__invoices") == [
        ("I1", Decimal("750.00"))]
