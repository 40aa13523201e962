"""The sales dashboard (dashboard/) in a real browser.

Starts `streamlit run dashboard/app.py` headless on a free local port, on a
copy of the published demo warehouse (fixture published_warehouse, as_of
2026-03-15, so the default period "Last 12 months" is Apr 2025 - Mar 2026
while the data runs on to Oct 2026),
and opens every page in headless Chromium (Debian's /usr/bin/chromium driven
by playwright). Each page must render its charts with no error element, say
what date its data is as of, show one headline number equal to its view's
value computed here with SQL, and change that number to the filtered value
when a filter is set. The file is then replaced by a rename (an empty
kpi_nps) and removed, and the dashboard must follow with plain sentences.
Screenshots go to .build/dashboard/.

Without a browser (no executable at DASHBOARD_TEST_CHROMIUM, default
/usr/bin/chromium) the tests are skipped, with the reason. CI installs
Debian's chromium first (.ci/run).
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

from conftest import ROOT

CHROMIUM = Path(os.environ.get("DASHBOARD_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = ROOT / ".build" / "dashboard"
FIRST, LAST = "2025-04-01", "2026-03-01"  # "Last 12 months" with as_of 2026-03-15
TIMEOUT_MS = 60_000


def percent(value):
    return round(value * 100, 1)


# Per page: URL path, charts it draws on the demo, the headline number checked
# (its label, the SQL computing it from the view, the rounding the page shows),
# and the filter set (widget, how to pick the option and the SQL condition).
PAGES = {
    "pipeline": dict(
        path="", charts=5, metric="Coverage Mar 2026", digits=2,
        # as_of's month is shown as it stands on as_of, not at its end.
        shows="Open pipeline by stage on 15 Mar 2026",
        sql="select sum(open_pipeline_amount) / sum(quota_amount) from kpi_pipeline_coverage "
            f"where month = date '{LAST}' {{condition}}",
        widget="Rep",
        option="select rep_id, rep_id from dim_reps where rep_id in (select rep_id from "
               f"kpi_pipeline_coverage where month = date '{LAST}' and quota_amount > 0) "
               "order by rep_id",
        condition="and rep_id = '{key}'"),
    "deals": dict(
        path="deals", charts=4, metric="Win rate (by count)", digits=1, scale=percent,
        sql="select sum(won_count) / sum(closed_count) from kpi_win_rate "
            f"where month between date '{FIRST}' and date '{LAST}' {{condition}}",
        widget="Segment", option="select 'Enterprise', 'enterprise'",
        condition="and segment = '{key}'"),
    "leads": dict(
        path="leads", charts=5, metric="Speed to lead", digits=1,
        sql="select sum(total_response_hours) / sum(responded_leads) from kpi_lead_response_time as t "
            f"where month between date '{FIRST}' and date '{LAST}' {{condition}}",
        widget="Team", option="select distinct team, team from dim_reps order by team",
        condition="and t.rep_id in (select r.rep_id from dim_reps as r where r.team = '{key}')"),
    "reps": dict(
        path="reps", charts=3, metric="Quota attainment", digits=1, scale=percent,
        sql="select sum(won_amount) / sum(quota_amount) from kpi_rep_performance "
            f"where month between date '{FIRST}' and date '{LAST}' {{condition}}",
        widget="Team", option="select distinct team, team from dim_reps order by team",
        condition="and team = '{key}'"),
    "customers": dict(
        path="customers", charts=4, metric="NPS", digits=0,
        sql="select 100.0 * (sum(promoters) - sum(detractors)) / sum(responses) from kpi_nps "
            f"where month between date '{FIRST}' and date '{LAST}' {{condition}}",
        widget="Segment", option="select 'SMB', 'smb' union all select 'Mid-market', 'mid_market' "
                                 "union all select 'Enterprise', 'enterprise'",
        condition="and segment = '{key}'"),
}


# Checked before any fixture runs, so a machine without a browser does not
# build the warehouse only to skip.
pytestmark = pytest.mark.skipif(
    not os.access(CHROMIUM, os.X_OK),
    reason=f"dashboard browser test not run: no Chromium at {CHROMIUM} "
           "(install Debian's chromium: apt-get install chromium)")


@pytest.fixture(scope="module")
def warehouse(published_warehouse, tmp_path_factory):
    """A copy of the published warehouse the tests may replace and remove."""
    path = tmp_path_factory.mktemp("live") / "warehouse.duckdb"
    shutil.copy(published_warehouse, path)
    return path


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(warehouse, tmp_path_factory):
    port = free_port()
    home = tmp_path_factory.mktemp("streamlit-home")
    env = dict(os.environ, CRM_WAREHOUSE_PATH=str(warehouse), HOME=str(home))
    log = open(home / "streamlit.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.address", "127.0.0.1",
         "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--client.toolbarMode", "viewer", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.read() == b"ok":
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("streamlit did not start:\n" + (home / "streamlit.log").read_text())
        time.sleep(0.3)
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS, headless=True, viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(TIMEOUT_MS)
        yield context.new_page()
        context.close()


def scalar(warehouse, sql):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchone()
    finally:
        con.close()


def open_page(page, url, charts):
    """Load a page and wait until it has drawn `charts` charts and stopped running."""
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(url)
    page.wait_for_selector('[data-testid="stMain"] h1')
    if charts:
        page.wait_for_function(
            "n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n", arg=charts)
    wait_until_idle(page)


def wait_until_idle(page):
    time.sleep(0.5)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
    time.sleep(0.5)


def assert_no_error(page):
    errors = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
    assert errors.count() == 0, errors.all_inner_texts()
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert not re.search(r"Traceback|Exception|Error:", text), text[:2000]


def assert_distinct_ticks(page):
    """No chart axis shows the same tick label twice (a format with too few
    decimals for the axis's range does)."""
    for index, chart in enumerate(page.locator(".js-plotly-plot").all()):
        for axis in ("xtick", "ytick"):
            labels = chart.locator(f"g.{axis} text").all_text_contents()
            assert len(labels) == len(set(labels)), (index, axis, labels)


def screenshot(page, name):
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": height + 40})
    time.sleep(1)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    page.set_viewport_size({"width": 1400, "height": 1000})


def metric(page, label):
    """The number a headline metric shows (units and separators stripped)."""
    for _ in range(20):  # the page may be redrawing: read again
        try:
            for card in page.locator('[data-testid="stMetric"]').all():
                if card.locator('[data-testid="stMetricLabel"]').inner_text(timeout=2000).strip() == label:
                    shown = card.locator('[data-testid="stMetricValue"]').inner_text(timeout=2000)
                    return float(re.sub(r"[^0-9.\-−]", "", shown).replace("−", "-"))
        except Exception:  # an element detached by a rerun
            pass
        time.sleep(0.5)
    raise AssertionError(f"no metric {label!r} on the page")


def choose(page, widget, option):
    box = page.get_by_role("combobox", name=widget)
    box.click()
    box.fill(option)  # the list shows only what fits: narrow it to the option
    page.get_by_role("option", name=option, exact=True).click()


@pytest.mark.parametrize("name", list(PAGES))
def test_page_renders_charts_and_the_views_numbers(name, server, warehouse, page):
    spec = PAGES[name]
    scale = spec.get("scale", lambda value: value)
    expected = scale(float(scalar(warehouse, spec["sql"].format(condition=""))[0]))
    # A filter value whose number differs from the unfiltered one.
    filtered = None
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for option, key in con.execute(spec["option"]).fetchall():
            value = con.execute(spec["sql"].format(condition=spec["condition"].format(key=key))).fetchone()[0]
            if value is not None and round(scale(float(value)), spec["digits"]) != round(expected, spec["digits"]):
                filtered = option, scale(float(value))
                break
    finally:
        con.close()
    assert filtered, "no filter value changes the number on the demo"

    open_page(page, f"{server}/{spec['path']}", spec["charts"])
    assert_no_error(page)
    assert page.locator('.js-plotly-plot .main-svg').count() >= spec["charts"]
    assert page.locator(".js-plotly-plot").count() == spec["charts"]
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert "Data as of 15 March 2026" in text
    if "shows" in spec:
        assert spec["shows"] in text
    tolerance = 0.5 * 10 ** -spec["digits"] + 1e-9
    shown = metric(page, spec["metric"])
    assert abs(shown - expected) <= tolerance, (spec["metric"], shown, expected)
    assert_distinct_ticks(page)
    screenshot(page, name)

    option, value = filtered
    choose(page, spec["widget"], option)
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while abs(metric(page, spec["metric"]) - shown) <= tolerance and time.monotonic() < deadline:
        time.sleep(0.3)
    wait_until_idle(page)
    assert_no_error(page)
    shown_filtered = metric(page, spec["metric"])
    assert abs(shown_filtered - value) <= tolerance, (spec["metric"], option, shown_filtered, value)
    assert f"{spec['widget'].lower()} " in page.locator('[data-testid="stMain"]').inner_text().lower()
    screenshot(page, f"{name}-filtered")


def test_replaced_file_empty_view_and_missing_file(server, warehouse, page):
    customers = f"{server}/customers"
    open_page(page, customers, PAGES["customers"]["charts"])
    # The dashboard holds no lock between renders: a writer can open the file.
    duckdb.connect(str(warehouse)).close()

    # Replace the file atomically with one without NPS responses, and with
    # at most one customer churned a month (a churn of 0.2 % or less: its
    # axis ticks are hundredths of a percent apart).
    replacement = warehouse.with_name("next.duckdb")
    shutil.copy(warehouse, replacement)
    con = duckdb.connect(str(replacement))
    con.execute("delete from kpi_nps")
    con.execute("update kpi_customer_retention set churned_customers = least(churned_customers, 1), "
                "retained_customers = customers_at_start - least(churned_customers, 1)")
    con.close()
    os.replace(replacement, warehouse)
    open_page(page, customers, PAGES["customers"]["charts"] - 1)
    assert_no_error(page)
    assert_distinct_ticks(page)
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "No NPS survey responses in this period." in main
    assert "was staged" not in main and "table is empty" not in main
    assert page.locator(".js-plotly-plot").count() == PAGES["customers"]["charts"] - 1
    screenshot(page, "customers-no-nps")

    # Replace it with a CRM that logs no activity, answers no lead and wins
    # deals without an amount (as Olist's funnel export does): a chart with
    # nothing to draw says so instead of drawing empty axes.
    shutil.copy(warehouse, replacement)
    con = duckdb.connect(str(replacement))
    con.execute("update kpi_rep_performance set won_amount = 0, total_activities = 0")
    con.execute("update kpi_top_performer_profile set calls = 0, emails = 0, meetings = 0, demos = 0")
    con.execute("update kpi_lead_response_time set responded_leads = 0, total_response_hours = null")
    con.execute("delete from kpi_sales_activities")
    con.execute("update kpi_average_deal_size set won_amount = 0")
    # And whose opportunities were all deleted in the CRM but 3 quarantined
    # (the pages of deals say why they are empty; the leads page does not),
    # and whose raw subscriptions table is empty.
    con.execute("update audit_row_counts set staged_rows = 0, superseded_rows = 0, "
                "quarantined_rows = 3, deleted_rows = raw_rows - 3 "
                "where source_table = 'opportunities'")
    con.execute("update audit_row_counts set raw_rows = 0, staged_rows = 0, superseded_rows = 0, "
                "quarantined_rows = 0, deleted_rows = 0 where source_table = 'subscriptions'")
    raw = con.execute("select raw_rows from audit_row_counts "
                      "where source_table = 'opportunities'").fetchone()[0]
    con.close()
    os.replace(replacement, warehouse)
    unstaged = (f"None of the CRM's {raw} raw opportunities rows was staged, so this page has "
                f"little to show: 3 quarantined (audit_quarantine_reasons says why), {raw - 3} "
                f"deleted in the CRM (audit_row_counts).")
    open_page(page, f"{server}/reps", 0)
    assert_no_error(page)
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert unstaged in main
    assert "No deal was won for an amount in this period." in main
    assert main.count("No activity was logged in this period.") == 2
    assert page.locator(".js-plotly-plot").count() == 0
    screenshot(page, "reps-nothing-to-chart")
    open_page(page, f"{server}/leads", PAGES["leads"]["charts"] - 1)
    assert_no_error(page)
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "No lead created in this period was answered." in main
    assert "was staged" not in main
    assert page.locator(".js-plotly-plot").count() == PAGES["leads"]["charts"] - 1
    # Any chart whose every value is 0 or empty (deal sizes without amounts).
    open_page(page, f"{server}/deals", PAGES["deals"]["charts"] - 1)
    assert_no_error(page)
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "Nothing to chart: every value is 0 or empty in this period." in main
    assert unstaged in main
    assert page.locator(".js-plotly-plot").count() == PAGES["deals"]["charts"] - 1
    open_page(page, customers, PAGES["customers"]["charts"] - 1)
    assert ("The CRM's raw subscriptions table is empty, so this page has little to show "
            "(audit_row_counts).") in page.locator('[data-testid="stMain"]').inner_text()

    # No file at all: a plain sentence says to run make demo.
    os.remove(warehouse)
    for path in ["", "reps"]:
        open_page(page, f"{server}/{path}", 0)
        assert_no_error(page)
        main = page.locator('[data-testid="stMain"]').inner_text()
        assert "Run make demo" in main.replace("`", ""), main
        assert page.locator(".js-plotly-plot").count() == 0
    screenshot(page, "no-warehouse")
