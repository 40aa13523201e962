"""The whole path on data nobody hand-fed to the models: a CRM export loaded
with the loader, built with dbt build, checked through the kpi views."""

import json
from decimal import Decimal

import duckdb
import pytest

from conftest import ROOT, build_from_export, query, run_dbt, run_script

AS_OF = "2026-10-31"
KPI_VIEWS_AND_FACTS = [
    "kpi_average_deal_size",
    "kpi_bookings",
    "kpi_cost_per_lead",
    "kpi_customer_acquisition_cost",
    "kpi_customer_lifetime_value",
    "kpi_customer_retention",
    "kpi_employee_satisfaction",
    "kpi_forecast_accuracy",
    "kpi_lead_conversion",
    "kpi_lead_funnel",
    "kpi_lead_response_time",
    "kpi_lead_responses",
    "kpi_mrr",
    "kpi_new_leads",
    "kpi_nps",
    "kpi_opportunities_created",
    "kpi_pipeline_coverage",
    "kpi_pipeline_velocity",
    "kpi_rep_performance",
    "kpi_revenue",
    "kpi_sales_activities",
    "kpi_sales_cycle",
    "kpi_sales_formula",
    "kpi_stage_conversion",
    "kpi_stage_distribution",
    "kpi_stage_duration",
    "kpi_stalled_deals",
    "kpi_top_performer_profile",
    "kpi_upsell_cross_sell",
    "kpi_weighted_pipeline",
    "kpi_win_rate",
    "fct_opportunities",
    "fct_opportunity_stages",
    "fct_leads",
    "fct_activities",
    "dim_reps",
    "dim_accounts",
    "dim_products",
    "dim_months",
    "dim_campaigns",
    "fct_invoices",
    "fct_nps_responses",
]


@pytest.fixture(scope="module")
def clean_and_faulted(tmp_path_factory, generated_build):
    """The same demo CRM, scale 0.3: clean, as typed Parquet (conftest's
    generated_build), and as CSV with --inject-faults, each loaded with the
    loader and built. The faulted CSV's every value is text: equal rows
    show the text path reads what a typed sync delivers, and quarantines
    or supersedes exactly the injected rows."""
    tmp = tmp_path_factory.mktemp("faulted")
    run_script("generate_crm_data.py", "--out", tmp / "export", "--scale", "0.3",
               "--inject-faults")
    return {"clean": generated_build,
            "faulted": (tmp / "export", build_from_export(tmp / "export", tmp, AS_OF))}


@pytest.mark.parametrize("relation", KPI_VIEWS_AND_FACTS)
def test_the_faulted_csv_export_gives_exactly_the_clean_typed_rows(clean_and_faulted, relation):
    clean = query(clean_and_faulted["clean"][1], f"select * from {relation} order by all")
    faulted = query(clean_and_faulted["faulted"][1], f"select * from {relation} order by all")
    assert clean, f"{relation} is empty"
    assert faulted == clean


def test_every_injected_bad_row_is_quarantined_with_its_reason(clean_and_faulted):
    export, warehouse = clean_and_faulted["faulted"]
    manifest = json.loads((export / "injected_faults.json").read_text())
    expected = sorted((f["table"], f["record_key"], f["expected_reason"])
                      for f in manifest if f["kind"] == "bad_row")
    quarantined = sorted(query(warehouse, "select source_table, record_key, rejection_reason "
                                          "from audit.audit_quarantine"))
    assert len(expected) >= 20
    assert quarantined == expected


def test_stale_duplicates_are_superseded_and_rows_add_up(clean_and_faulted):
    export, warehouse = clean_and_faulted["faulted"]
    manifest = json.loads((export / "injected_faults.json").read_text())
    stale = {}
    for fault in manifest:
        if fault["kind"] == "stale_duplicate":
            stale[fault["table"]] = stale.get(fault["table"], 0) + 1
    counts = query(warehouse, "select source_table, raw_rows, staged_rows, quarantined_rows, "
                              "superseded_rows from audit.audit_row_counts")
    assert len(counts) == 17
    for table, raw, staged, quarantined, superseded in counts:
        assert raw == staged + quarantined + superseded, table
        assert superseded == stale.get(table, 0), table
    assert sum(stale.values()) >= 20


def test_clean_export_has_nothing_in_quarantine(clean_and_faulted):
    warehouse = clean_and_faulted["clean"][1]
    assert query(warehouse, "select count(*) from audit.audit_quarantine") == [(0,)]


@pytest.fixture(scope="module")
def mini(mini_build):
    return mini_build[0]


def test_mini_export_win_rate_computed_by_hand(mini):
    # O1: 100000 SEK won 2026-02-15 12:00 UTC (written 14:00+02:00) at the
    #     February rate 0.088 = 8800.00 EUR; lead L1 from the webinar.
    # O2: its latest version (updated 02-20) is lost for 5000 EUR; the older
    #     open version is superseded. No lead: direct.
    # O4: won 2000 EUR at exactly 2026-03-01 00:00: a March close; its product
    #     P9 is missing, so product_line is unknown (the deal is kept).
    # O5: negative amount: quarantined.
    rows = query(mini, "select month, rep_id, product_line, industry, segment, lead_source, "
                       "opportunity_type, won_count, lost_count, closed_count, won_amount, "
                       "closed_amount, win_rate, win_rate_amount, win_loss_ratio "
                       "from kpi_win_rate order by month, rep_id, lead_source")
    assert [(str(r[0]), *r[1:]) for r in rows] == [
        ("2026-02-01", "R1", "Core", "Retail", "enterprise", "direct", "new_business",
         0, 1, 1, Decimal("0.00"), Decimal("5000.00"), Decimal("0"), Decimal("0"), Decimal("0")),
        ("2026-02-01", "R1", "Core", "Software", "mid_market", "webinar", "new_business",
         1, 0, 1, Decimal("8800.00"), Decimal("8800.00"), Decimal("1"), Decimal("1"), None),
        ("2026-03-01", "R2", "unknown", "Software", "mid_market", "direct", "cross_sell",
         1, 0, 1, Decimal("2000.00"), Decimal("2000.00"), Decimal("1"), Decimal("1"), None),
    ]


def test_mini_export_stage_distribution_computed_by_hand(mini):
    # End of January: O1 discovery (8800), O2 proposal (its latest amount 5000),
    # O3 prospecting (no amount: 0), O4 proposal (2000): 4 deals, 15800.
    # End of February: O1 and O2 closed; O3 negotiation (0); O4 proposal
    # (closes at 2026-03-01 00:00, after February's end): 2 deals, 2000.
    # March (as_of 2026-03-15): O3 only, amount 0, so amount shares are NULL.
    rows = query(mini, "select month, stage, open_count, open_amount, pct_of_open_count, "
                       "pct_of_open_amount from kpi_stage_distribution order by month, stage")
    assert [(str(r[0]), *r[1:]) for r in rows] == [
        ("2026-01-01", "discovery", 1, Decimal("8800.00"), Decimal("0.25"), Decimal("0.556962")),
        ("2026-01-01", "proposal", 2, Decimal("7000.00"), Decimal("0.5"), Decimal("0.443038")),
        ("2026-01-01", "prospecting", 1, Decimal("0.00"), Decimal("0.25"), Decimal("0")),
        ("2026-02-01", "negotiation", 1, Decimal("0.00"), Decimal("0.5"), Decimal("0")),
        ("2026-02-01", "proposal", 1, Decimal("2000.00"), Decimal("0.5"), Decimal("1")),
        ("2026-03-01", "negotiation", 1, Decimal("0.00"), Decimal("1"), None),
    ]


def test_mini_export_quarantine_and_warnings(mini):
    assert query(mini, "select source_table, record_key, rejection_reason "
                       "from audit.audit_quarantine order by all") == [
        ("nps_responses", "N2", "score out of range"),
        ("opportunities", "O5", "negative amount"),
    ]
    assert query(mini, "select source_table, record_key, column_name, warning "
                       "from audit.audit_data_quality_warnings") == [
        ("opportunities", "O4", "product_id", "not found in products"),
    ]


@pytest.fixture(scope="module")
def misread(tmp_path_factory):
    """The mini export, synced with rows a sloppy source writes (the loader
    refuses a two-digit year, a sync does not): a lead dated with a
    two-digit year, a deal of 1e15 EUR, deals of 13 and 14 digits that round
    up to 1e13 and 1e14 (parse_decimal reads the first as decimal(18, 4), the
    second as decimal(28, 4)), a second version of O4 with the same
    updated_at but another amount; and products versioned in every way a
    duplicate can be: a new product P8 twice without updated_at, named
    differently; two older versions of P1 with the same updated_at and
    other prices; P1's current row once more, identical."""
    tmp = tmp_path_factory.mktemp("misread")
    warehouse = tmp / "build" / "build.duckdb"
    run_script("load_crm.py", "--schema", "crm_raw", "--database", warehouse,
               ROOT / "tests/python/data/mini_crm")
    con = duckdb.connect(str(warehouse))
    con.execute("insert into crm_raw.leads (lead_id, created_at, source_channel, origin, "
                "owner_rep_id, status, updated_at) values ('L9', '26-01-15 10:00:00', "
                "'webinar', 'marketing', 'R1', 'new', '2026-01-15 10:00:00')")
    con.execute("insert into crm_raw.opportunities (opportunity_id, account_id, owner_rep_id, "
                "product_id, opportunity_type, amount, currency, created_at, "
                "expected_close_date, closed_at, stage, updated_at) values "
                "('O8', 'A1', 'R1', 'P1', 'new_business', '1000000000000000', 'EUR', "
                "'2026-01-15 10:00:00', '2026-02-28', null, 'prospecting', "
                "'2026-01-15 10:00:00'), "
                "('O9', 'A1', 'R1', 'P1', 'new_business', '9999999999999.99995', 'EUR', "
                "'2026-01-15 10:00:00', '2026-02-28', null, 'prospecting', "
                "'2026-01-15 10:00:00'), "
                "('O10', 'A1', 'R1', 'P1', 'new_business', '99999999999999.99995', 'EUR', "
                "'2026-01-15 10:00:00', '2026-02-28', null, 'prospecting', "
                "'2026-01-15 10:00:00'), "
                "('O4', 'A1', 'R2', 'P9', 'cross_sell', '2500', 'EUR', '2026-01-15 10:00:00', "
                "'2026-02-28', '2026-03-01 00:00:00', 'closed_won', '2026-03-01 00:00:00')")
    con.execute("insert into crm_raw.products values "
                "('P8', 'Add-on A', 'Core', '100', 'EUR', null), "
                "('P8', 'Add-on B', 'Core', '100', 'EUR', null), "
                "('P1', 'Core CRM', 'Core', '900', 'EUR', '2024-06-01 00:00:00'), "
                "('P1', 'Core CRM', 'Core', '950', 'EUR', '2024-06-01 00:00:00'), "
                "('P1', 'Core CRM', 'Core', '1000', 'EUR', '2025-01-01 00:00:00')")
    con.close()
    run_dbt(["build"], warehouse, tmp, {"crm_raw_schema": "crm_raw", "as_of": "2026-03-15"})
    return warehouse


def test_staging_never_misreads(misread, mini):
    # The two-digit year is 26 AD and the amounts of 1e13 and more would
    # overflow sums: all quarantined with their reason, next to the mini
    # export's own two.
    assert query(misread, "select source_table, record_key, rejection_reason "
                          "from audit.audit_quarantine order by all") == [
        ("leads", "L9", "implausible year in created_at"),
        ("nps_responses", "N2", "score out of range"),
        ("opportunities", "O10", "amount out of range"),
        ("opportunities", "O5", "negative amount"),
        ("opportunities", "O8", "amount out of range"),
        ("opportunities", "O9", "amount out of range"),
    ]
    # O4's two versions share updated_at 2026-03-01 00:00 and differ in
    # amount (2000 and 2500): the first by raw text (amount=2000 sorts before
    # amount=2500) is kept, and the conflict is listed. So is P8's: both rows
    # lack updated_at, and 'Add-on A' sorts first. P1's older versions
    # conflict too, but are superseded by its 2025 row: not listed; nor is
    # that row's identical copy.
    conflict = ("conflicting duplicate: other usable rows have this key and updated_at but "
                "different content; the first by raw text is kept")
    assert query(misread, "select record_key, column_name, column_value, warning "
                          "from audit.audit_data_quality_warnings "
                          "where warning like 'conflicting%' order by record_key") == [
        ("O4", "updated_at", "2026-03-01 00:00:00", conflict),
        ("P8", "updated_at", None, conflict)]
    assert query(misread, "select amount from staging.stg_crm__opportunities "
                          "where opportunity_id = 'O4'") == [(Decimal("2000.00"),)]
    assert query(misread, "select product_id, product_name, list_price_in_currency "
                          "from staging.stg_crm__products order by all") == [
        ("P1", "Core CRM", Decimal("1000.00")), ("P8", "Add-on A", Decimal("100.00"))]
    # Nothing else moves: every KPI equals the mini build's (dim_products
    # without the new P8).
    for relation in KPI_VIEWS_AND_FACTS:
        if relation != "dim_months":
            misread_rows = f"select * from {relation}" + (
                " where product_id <> 'P8'" if relation == "dim_products" else "")
            assert query(misread, misread_rows + " order by all") == query(
                mini, f"select * from {relation} order by all"), relation
