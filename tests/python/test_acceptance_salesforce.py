"""Acceptance on a real Salesforce org's export nobody on this project wrote
(../shared/acceptance_data/preppin_salesforce_opportunities: Opportunity.csv
in API names, DD/MM/YYYY dates, no currency column; "Opportunity
History.csv" with OppID for OpportunityId): loaded as a user would, with
load_crm.py --source salesforce --date-format DMY --rename OppID=OpportunityId,
built with crm_source salesforce, and its win rate, deal sizes, cycle days
and end-of-month stage distribution compared with values computed here in
plain Python from the two files, by the catalogue's definitions:

- closed and won come from StageName (Closed Won, Closed Lost), whatever
  IsClosed and IsWon say (they disagree on 137 deals: listed as warnings);
- a closed deal closes at 00:00 of its CloseDate, is created at 00:00 of its
  CreatedDate (the export has no times); a closed deal without Amount cannot
  be staged (quarantined: 2 deals);
- a deal is open at the end of a month when created before and not closed
  before it ends; its stage then is the stage of its last history row dated
  before the month ends; when its current stage is not its last history row's,
  it entered the current stage at its close, else at LastStageChangeDate,
  else LastModifiedDate, if after that row, else 1 second after it; before
  any history row its stage is unknown.

Skipped where ../shared/acceptance_data is not next to the checkout."""

import csv
import statistics
from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from conftest import ROOT, query, run_dbt, run_script

PREPPIN = ROOT.parent / "shared" / "acceptance_data" / "preppin_salesforce_opportunities"
AS_OF = "2022-12-31"
CLOSED = {"Closed Won", "Closed Lost"}

pytestmark = pytest.mark.skipif(not PREPPIN.is_dir(), reason="acceptance data not present")


def _read(name):
    with open(PREPPIN / name, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def _dmy(text):
    """31/12/2022 or 31/12/2022 16:11 as a datetime; None when empty."""
    text = text.strip()
    if not text:
        return None
    return datetime.strptime(text, "%d/%m/%Y %H:%M" if ":" in text else "%d/%m/%Y")


def _stage_key(label):
    return label.strip().lower().replace(" ", "_").replace("-", "_")


def _month(moment):
    return moment.date().replace(day=1)


def _deals():
    """The deals staging can use, with created_at, closed_at and the stage."""
    deals = {}
    for row in _read("Opportunity.csv"):
        closed = row["StageName"] in CLOSED
        if closed and not row["Amount"]:
            continue  # quarantined: missing amount on a closed deal
        created, close_date = _dmy(row["CreatedDate"]), _dmy(row["CloseDate"])
        closed_at = None
        if closed:
            closed_at = created if close_date.date() == created.date() else close_date
            created = min(created, closed_at)
        deals[row["Id"]] = {
            "owner": row["OwnerId"], "stage": row["StageName"], "closed": closed,
            "won": row["StageName"] == "Closed Won", "amount": Decimal(row["Amount"] or 0),
            "created_at": created, "closed_at": closed_at,
            "changed_at": _dmy(row["LastStageChangeDate"]) or _dmy(row["LastModifiedDate"])}
    return deals


def _entries(deals):
    """{deal: [(entered_at, stage)]} from the history, with the current stage
    added where the history ends in another one."""
    entries = defaultdict(list)
    for row in _read("Opportunity History.csv"):
        if row["OppID"] in deals:
            entries[row["OppID"]].append((_dmy(row["CreatedDate"]), row["StageName"]))
    for deal_id, deal in deals.items():
        rows = sorted(entries[deal_id])
        if rows and rows[-1][1] != deal["stage"]:
            last = max(rows[-1][0], deal["created_at"])
            candidate = deal["closed_at"] or deal["changed_at"]
            entered = candidate if candidate and candidate > last else last + timedelta(seconds=1)
            rows.append((entered, deal["stage"]))
        entries[deal_id] = rows
    return entries


@pytest.fixture(scope="module")
def preppin(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("preppin")
    warehouse = tmp / "build.duckdb"
    run_script("load_crm.py", "--source", "salesforce", "--schema", "sf_raw",
               "--database", warehouse, "--date-format", "DMY",
               "--rename", "OppID=OpportunityId", PREPPIN)
    run_dbt(["build"], warehouse, tmp,
            {"crm_source": "salesforce", "crm_raw_schema": "sf_raw", "as_of": AS_OF})
    return warehouse


def test_win_rate_by_count_and_value_per_close_month_and_rep(preppin):
    expected = defaultdict(lambda: [0, 0, Decimal(0), Decimal(0)])
    for deal in _deals().values():
        if deal["closed"]:
            parts = expected[(_month(deal["closed_at"]), deal["owner"])]
            parts[0 if deal["won"] else 1] += 1
            parts[2] += deal["amount"] if deal["won"] else 0
            parts[3] += deal["amount"]
    rows = query(preppin, "select month, rep_id, sum(won_count), sum(lost_count), "
                          "sum(won_amount), sum(closed_amount), min(win_rate), "
                          "min(win_rate_amount) from kpi_win_rate group by month, rep_id")
    assert {(month, rep): [won, lost, won_amount, closed_amount]
            for month, rep, won, lost, won_amount, closed_amount, _, _ in rows
            } == dict(expected)
    for month, rep, won, lost, won_amount, closed_amount, rate, rate_amount in rows:
        assert rate == round(Decimal(won) / (won + lost), 6)
        if closed_amount:
            assert rate_amount == round(won_amount / closed_amount, 6)
    # 88 won and 56 lost deals with an amount.
    assert sum(parts[0] for parts in expected.values()) == 88
    assert sum(parts[1] for parts in expected.values()) == 56


def test_average_deal_size_per_close_month_and_rep(preppin):
    expected = defaultdict(lambda: [0, Decimal(0)])
    for deal in _deals().values():
        if deal["won"]:
            expected[(_month(deal["closed_at"]), deal["owner"])][0] += 1
            expected[(_month(deal["closed_at"]), deal["owner"])][1] += deal["amount"]
    rows = query(preppin, "select month, rep_id, won_count, won_amount, avg_deal_size "
                          "from kpi_average_deal_size")
    assert {(month, rep): [count, amount] for month, rep, count, amount, _ in rows
            } == dict(expected)
    for _, _, count, amount, size in rows:
        assert size == round(amount / count, 2)


def test_sales_cycle_days_per_close_month_outcome_and_rep(preppin):
    cycles = defaultdict(list)
    for deal in _deals().values():
        if deal["closed"]:
            days = Decimal((deal["closed_at"] - deal["created_at"]).total_seconds()) / 86400
            cycles[(_month(deal["closed_at"]), "won" if deal["won"] else "lost",
                    deal["owner"])].append(days)
    rows = query(preppin, "select month, outcome, rep_id, deal_count, total_cycle_days, "
                          "avg_cycle_days, median_cycle_days from kpi_sales_cycle")
    assert {(month, outcome, rep): (count, total, median)
            for month, outcome, rep, count, total, _, median in rows} == {
        key: (len(days), round(sum(days), 6), round(statistics.median(days), 6))
        for key, days in cycles.items()}
    for *_, count, total, average, _ in rows:
        assert average == round(total / count, 6)


def test_stage_distribution_at_every_month_end(preppin):
    deals = _deals()
    entries = _entries(deals)
    first = min(_month(deal["created_at"]) for deal in deals.values())
    expected, month = {}, first
    while month <= datetime.strptime(AS_OF, "%Y-%m-%d").date().replace(day=1):
        end = datetime(month.year + month.month // 12, month.month % 12 + 1, 1)
        for deal_id, deal in deals.items():
            if deal["created_at"] < end and (deal["closed_at"] is None or deal["closed_at"] >= end):
                before = [stage for entered, stage in entries[deal_id] if entered < end]
                stage = _stage_key(before[-1]) if before else "unknown"
                counts = expected.setdefault((month, stage), [0, Decimal(0)])
                counts[0] += 1
                counts[1] += deal["amount"]
        month = end.date()
    rows = query(preppin, "select month, stage, open_count, open_amount "
                          "from kpi_stage_distribution")
    assert {(month, stage): [count, amount] for month, stage, count, amount in rows} == expected
    assert len(expected) >= 40


def test_flags_disagreeing_with_the_stage_are_warnings_and_amountless_closes_quarantined(
        preppin):
    disagreements = 0
    for row in _read("Opportunity.csv"):
        closed, won = row["StageName"] in CLOSED, row["StageName"] == "Closed Won"
        disagreements += (row["IsClosed"] == "TRUE") != closed
        disagreements += (row["IsWon"] == "TRUE") != won
    assert query(preppin, "select count(*) from audit.audit_data_quality_warnings "
                          "where column_name in ('is_closed', 'is_won')") == [(disagreements,)]
    assert disagreements == 206
    assert query(preppin, "select record_key, rejection_reason from audit.audit_quarantine") == [
        (row["Id"], "missing amount") for row in sorted(_read("Opportunity.csv"),
                                                        key=lambda r: r["Id"])
        if row["StageName"] in CLOSED and not row["Amount"]]
    assert query(preppin, "select raw_rows, staged_rows, quarantined_rows, deleted_rows "
                          "from audit.audit_row_counts where source_table = 'opportunities'"
                 ) == [(219, 217, 2, 0)]
