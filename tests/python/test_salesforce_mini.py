"""End to end on a hand-written Salesforce export (tests/python/data/
salesforce_mini: API names, every object the mapping reads but CampaignMember,
OpportunityStage and Campaign), loaded with load_crm.py --source salesforce
and built with crm_source salesforce (reporting currency EUR, the org's
corporate currency), checking the numbers by hand:

- 006..1: 1000 EUR, won 10 Feb; line items 800 Core (Platform) and 200 Addon:
  product line Platform; New Customer is new_business; its lead 00Q..1 came
  from Web (website); history Prospecting, its repeat, Negotiation/Review,
  Closed Won: 3 entries.
- 006..2: 11500 SEK, won 20 Feb; SEK's ConversionRate is 11.5 from 1 Feb
  (10 before): 11500 / 11.5 = 1000.00 EUR; Existing Customer - Upgrade is
  upsell; account of 5000 employees: enterprise.
- 006..3: 2200 USD, lost 25 Jan: 2200 / 1.1 = 2000.00 EUR; no history.
- 006..4: 5000 SEK, open, expected 30 Apr: 5000 / 11.5 = 434.78 EUR; its first
  history row (25 Feb) is before it was created (1 Mar 08:00): entered
  Prospecting at creation; Value Proposition 10 Mar; its current stage
  Negotiation/Review added at LastStageChangeDate 20 Mar.
- 006..5 is deleted (with its history row).
- Task on the lead 00Q..2 (created 2 Mar 08:00) at 10:30: response 2.5 hours.
  Task on deal 006..1 (an e-mail) and an event on it (a meeting) in January
  for Ann; an open to-do is no activity.
- Salesforce holds no quotas: Ann's quota of 2000 EUR for February comes from
  a contract-shaped quotas.csv (tests/python/data/salesforce_mini_supplement)
  loaded into the crm_supplement_schema: won 1000 / 2000 = 0.5 attained."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from conftest import ROOT, query, run_dbt, run_script

MINI = ROOT / "tests" / "python" / "data" / "salesforce_mini"
SUPPLEMENT = ROOT / "tests" / "python" / "data" / "salesforce_mini_supplement"


def deal(number):
    return f"00600000000000{number}AAA"


def _at(text):
    return datetime.strptime(text, "%Y-%m-%d %H:%M")


def _day(text):
    return date.fromisoformat(text)


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("salesforce_mini")
    warehouse = tmp / "build.duckdb"
    run_script("load_crm.py", "--source", "salesforce", "--schema", "sf_raw",
               "--database", warehouse, MINI)
    run_script("load_crm.py", "--schema", "sf_supplement", "--database", warehouse, SUPPLEMENT)
    run_dbt(["build"], warehouse, tmp, {"crm_source": "salesforce", "crm_raw_schema": "sf_raw",
                                        "crm_supplement_schema": "sf_supplement",
                                        "as_of": "2026-03-31"})
    return warehouse


def test_amounts_convert_at_the_inverted_dated_rates(mini):
    assert query(mini, "select opportunity_id, currency, amount_in_currency, amount "
                       "from fct_opportunities order by opportunity_id") == [
        (deal(1), "EUR", Decimal("1000.0000"), Decimal("1000.00")),
        (deal(2), "SEK", Decimal("11500.0000"), Decimal("1000.00")),
        (deal(3), "USD", Decimal("2200.0000"), Decimal("2000.00")),
        (deal(4), "SEK", Decimal("5000.0000"), Decimal("434.78"))]


def test_products_types_segments_and_lead_sources(mini):
    assert query(mini, "select opportunity_id, product_line, opportunity_type, segment, "
                       "lead_source from fct_opportunities order by opportunity_id") == [
        (deal(1), "Platform", "new_business", "mid_market", "website"),
        (deal(2), "Extensions", "upsell", "enterprise", "direct"),
        (deal(3), "unknown", "new_business", "mid_market", "direct"),
        (deal(4), "unknown", "renewal", "enterprise", "direct")]
    assert query(mini, "select sum(won_count), sum(won_amount), sum(lost_count) "
                       "from kpi_win_rate") == [(2, Decimal("2000.00"), 1)]


def test_stage_history_without_repeats_from_creation_with_the_current_stage(mini):
    assert query(mini, "select opportunity_id, stage, entered_at, is_derived "
                       "from fct_opportunity_stages where opportunity_id in "
                       f"('{deal(1)}', '{deal(4)}') order by opportunity_id, entry_number") == [
        (deal(1), "prospecting", _at("2026-01-05 09:00"), False),
        (deal(1), "negotiation/review", _at("2026-01-20 09:00"), False),
        (deal(1), "closed_won", _at("2026-02-10 15:00"), False),
        (deal(4), "prospecting", _at("2026-03-01 08:00"), False),
        (deal(4), "value_proposition", _at("2026-03-10 08:00"), False),
        (deal(4), "negotiation/review", _at("2026-03-20 00:00"), False)]
    assert query(mini, "select stage, open_count from kpi_stage_distribution "
                       "where month = date '2026-03-01'") == [("negotiation/review", 1)]


def test_tasks_and_events_on_leads_and_deals(mini):
    assert query(mini, "select month, rep_id, calls, emails, meetings from kpi_sales_activities "
                       "order by month, rep_id") == [
        (_day("2026-01-01"), "005000000000001AAA", 0, 1, 1),
        (_day("2026-03-01"), "005000000000002AAA", 1, 0, 0)]
    assert query(mini, "select month, responded_leads, avg_response_hours "
                       "from kpi_lead_response_time where responded_leads > 0 "
                       "and month = date '2026-03-01'") == [
        (_day("2026-03-01"), 1, Decimal("2.500000"))]


def test_teams_deletions_and_row_counts(mini):
    assert query(mini, "select distinct team from dim_reps") == [("Nordics",)]
    assert query(mini, "select source_table, raw_rows, staged_rows, deleted_rows "
                       "from audit.audit_row_counts where raw_rows > 0 order by source_table") == [
        ("accounts", 2, 2, 0), ("activities", 3, 3, 0), ("fx_rates", 3, 3, 0),
        ("leads", 2, 2, 0), ("opportunities", 5, 4, 1), ("opportunity_stage_history", 9, 8, 1),
        ("products", 2, 2, 0), ("quotas", 1, 1, 0), ("reps", 2, 2, 0)]


def test_quotas_come_from_the_supplement_schema(mini):
    assert query(mini, "select quota_amount, won_amount, quota_attainment from "
                       "kpi_pipeline_coverage where month = date '2026-02-01' "
                       "and rep_id = '005000000000001AAA'") == [
        (Decimal("2000.00"), Decimal("1000.00"), Decimal("0.500000"))]
