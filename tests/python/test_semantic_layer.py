"""The semantic layer equals the views. Every MetricFlow metric, asked
through MetricFlow's query API (what `mf query` runs; one process answers
every query, the command line itself is checked once) against a read-only
target on a built warehouse (what the published warehouse.duckdb is: the
same relations, opened read-only), equals its kpi_* view rolled up the same
way (sum the counts and amounts, then divide), grouped by month and, where
the view has one, by a dimension (segment, source channel, rep, ...); views
with a month only (retention, MRR, velocity, expansion) by month, cost per
lead by campaign and by channel.

The warehouse is pytest's published demo (as_of 2026-03-15, in the middle
of its data, so deals, leads and activities after as_of exist and the as-of
flags matter).
A group one side has and the other lacks must be empty on the side that has
it: views leave out groups without data, MetricFlow fills counts with 0. So
for a count or an amount a missing or NULL value equals 0; a ratio must be
NULL on both sides or equal (0 wins of 5 closed deals is a win rate of 0,
not NULL)."""

import csv
import json
import math
import os
import shutil
import subprocess

import pytest

from conftest import BIN, PUBLISHED_AS_OF, ROOT, query

# (metrics, mf group-by, view SQL: the group-by columns then one column per
# metric, in the same order), one case per view and grouping.
CASES = [
    (["won_deals", "lost_deals", "closed_deals", "won_amount", "lost_amount", "closed_amount",
      "win_rate", "win_rate_amount", "win_loss_ratio"],
     ["metric_time__month", "deal__segment"],
     """select month, segment, sum(won_count), sum(lost_count), sum(closed_count), sum(won_amount),
               sum(lost_amount), sum(closed_amount), sum(won_count) / nullif(sum(closed_count), 0),
               sum(won_amount) / nullif(sum(closed_amount), 0), sum(won_count) / nullif(sum(lost_count), 0)
        from kpi_win_rate group by month, segment"""),
    (["won_deals", "closed_deals", "win_rate"],
     ["metric_time__month", "rep"],
     """select month, rep_id, sum(won_count), sum(closed_count), sum(won_count) / nullif(sum(closed_count), 0)
        from kpi_win_rate group by month, rep_id"""),
    (["won_deals", "won_amount", "average_deal_size"],
     ["metric_time__month", "deal__industry"],
     """select month, industry, sum(won_count), sum(won_amount), sum(won_amount) / nullif(sum(won_count), 0)
        from kpi_average_deal_size group by month, industry"""),
    (["won_deals", "won_amount"],
     ["metric_time__month", "deal__opportunity_type"],
     """select month, opportunity_type, sum(won_count), sum(won_amount)
        from kpi_bookings group by month, opportunity_type"""),
    (["closed_deals", "total_sales_cycle_days", "avg_sales_cycle_days"],
     ["metric_time__month", "deal__product_line"],
     """select month, product_line, sum(deal_count), sum(total_cycle_days),
               sum(total_cycle_days) / nullif(sum(deal_count), 0)
        from kpi_sales_cycle group by month, product_line"""),
    (["opportunities_created", "pipeline_created_amount"],
     ["metric_time__month", "deal__lead_source"],
     """select month, lead_source, sum(opportunities_created), sum(pipeline_created_amount)
        from kpi_opportunities_created group by month, lead_source"""),
    (["open_pipeline_deals", "open_pipeline_amount"],
     ["metric_time__month", "deal_month__stage_at_end"],
     """select month, stage, open_count, open_amount from kpi_stage_distribution"""),
    (["weighted_pipeline_amount"],
     ["metric_time__month", "rep"],
     """select month, rep_id, coalesce(sum(weighted_amount), 0)
        from kpi_weighted_pipeline group by month, rep_id"""),
    (["pipeline_due_amount", "quota_amount", "won_amount", "pipeline_coverage_ratio", "quota_attainment"],
     ["metric_time__month", "rep"],
     """select month, rep_id, open_pipeline_amount, quota_amount, won_amount,
               open_pipeline_amount / nullif(quota_amount, 0), won_amount / nullif(quota_amount, 0)
        from kpi_pipeline_coverage"""),
    (["open_deals_at_start", "won_deals", "closed_deals", "won_amount", "total_sales_cycle_days",
      "sales_velocity_per_day"],
     ["metric_time__month"],
     """select month, open_deals_at_start, won_count, closed_count, won_amount, total_cycle_days,
               case when won_count > 0
                   then open_deals_at_start * won_amount / nullif(total_cycle_days, 0) end
        from kpi_pipeline_velocity"""),
    (["expansion_won_amount", "won_amount", "expansion_share"],
     ["metric_time__month"],
     """select month, expansion_won_amount, won_amount, expansion_won_amount / nullif(won_amount, 0)
        from kpi_upsell_cross_sell"""),
    (["total_activities", "calls", "emails", "meetings", "demos"],
     ["metric_time__month", "rep"],
     """select month, rep_id, total_activities, calls, emails, meetings, demos from kpi_sales_activities"""),
    (["positive_responses", "negative_responses", "positive_response_rate"],
     ["metric_time__month", "rep"],
     """select month, rep_id, positive_responses, negative_responses,
               positive_responses / nullif(positive_responses + negative_responses, 0)
        from kpi_lead_responses"""),
    (["total_activities", "won_deals", "activities_per_won_deal"],
     ["metric_time__month", "rep"],
     """select month, rep_id, total_activities, won_count, total_activities / nullif(won_count, 0)
        from kpi_rep_performance"""),
    (["new_leads", "marketing_originated_leads", "marketing_share"],
     ["metric_time__month", "lead__source_channel"],
     """select month, source_channel, new_leads, marketing_originated_leads,
               marketing_originated_leads / nullif(new_leads, 0)
        from kpi_new_leads"""),
    (["new_leads", "converted_leads", "won_leads", "lead_to_opportunity_rate", "lead_to_customer_rate"],
     ["metric_time__month", "lead__source_channel"],
     """select month, source_channel, leads, converted_leads, won_leads,
               converted_leads / nullif(leads, 0), won_leads / nullif(leads, 0)
        from kpi_lead_conversion"""),
    (["new_leads", "responded_leads", "pct_followed_up", "total_response_hours", "avg_response_hours",
      "responded_within_1h"],
     ["metric_time__month", "lead__source_channel"],
     """select month, source_channel, sum(leads), sum(responded_leads),
               sum(responded_leads) / nullif(sum(leads), 0), sum(total_response_hours),
               sum(total_response_hours) / nullif(sum(responded_leads), 0), sum(responded_within_1h)
        from kpi_lead_response_time group by month, source_channel"""),
    (["campaign_budget", "campaign_leads", "cost_per_lead"],
     ["campaign__channel"],
     """select channel, sum(budget_amount), sum(leads), sum(budget_amount) / nullif(sum(leads), 0)
        from kpi_cost_per_lead group by channel"""),
    (["campaign_budget", "campaign_leads", "cost_per_lead"],
     ["campaign"],
     """select campaign_id, budget_amount, leads, budget_amount / nullif(leads, 0) from kpi_cost_per_lead"""),
    (["customers_at_start", "new_customers", "customers", "retained_customers", "churned_customers",
      "customer_retention_rate", "customer_churn_rate"],
     ["metric_time__month"],
     """select period_start, customers_at_start, new_customers, customers_at_end, retained_customers,
               churned_customers, retained_customers / nullif(customers_at_start, 0),
               churned_customers / nullif(customers_at_start, 0)
        from kpi_customer_retention where period_type = 'month'"""),
    (["mrr", "arr", "customers"],
     ["metric_time__month"],
     """select month, ending_mrr_amount, arr_amount, active_customers from kpi_mrr"""),
    # MRR and customers are states: a quarter reads its last month's end.
    (["mrr", "customers"],
     ["metric_time__quarter"],
     """select date_trunc('quarter', month), arg_max(ending_mrr_amount, month), arg_max(active_customers, month)
        from kpi_mrr group by date_trunc('quarter', month)"""),
    (["revenue", "invoice_count", "paying_accounts", "avg_purchase_value"],
     ["metric_time__month", "invoice__product_line"],
     """select month, product_line, revenue_amount, invoice_count, paying_accounts,
               revenue_amount / nullif(invoice_count, 0)
        from kpi_revenue"""),
    (["nps_responses", "promoters", "detractors", "nps"],
     ["metric_time__month", "nps_response__segment"],
     """select month, segment, responses, promoters, detractors,
               100.0 * (promoters - detractors) / nullif(responses, 0)
        from kpi_nps"""),
]

# One process, one MetricFlow set-up, every query: what `mf query` runs
# (CLIConfiguration, MetricFlowQueryRequest), written as CSV like --csv.
MF_QUERIES = """
import csv, json, pathlib, sys
from dbt_metricflow.cli.cli_configuration import CLIConfiguration
from metricflow.engine.metricflow_engine import MetricFlowQueryRequest

project, profiles, out = (pathlib.Path(argument) for argument in sys.argv[1:4])
config = CLIConfiguration()
config.setup(dbt_profiles_path=profiles, dbt_project_path=project, configure_file_logging=False)
for number, (metrics, group_by) in enumerate(json.loads(sys.argv[4])):
    request = MetricFlowQueryRequest.create(metric_names=metrics, group_by_names=group_by)
    table = config.mf.query(mf_request=request).result_df
    with open(out / f"{number}.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(table.column_names)
        writer.writerows(table.rows)
"""

# The views publish these parts rounded (per row: cycle and response totals to
# 6 decimals, weighted amounts to cents); their roll-up may differ by the
# rounding of the rows it adds.
TOLERANCES = {
    "total_sales_cycle_days": 1e-4,
    "avg_sales_cycle_days": 1e-4,
    "total_response_hours": 1e-4,
    "avg_response_hours": 1e-4,
    "weighted_pipeline_amount": 0.05,
}


@pytest.fixture(scope="module")
def published(published_warehouse, tmp_path_factory):
    """A copy of the published demo, and the semantic manifest parsed with
    the project's read-only `published` target on it, as `make mf` does:
    (mf project dir, env for dbt and mf, published warehouse)."""
    tmp = tmp_path_factory.mktemp("semantic")
    warehouse = tmp / "warehouse.duckdb"
    shutil.copy(published_warehouse, warehouse)
    project = tmp / "mf_project"
    project.mkdir()
    shutil.copy(ROOT / "dbt_project.yml", project)
    env = dict(os.environ, DO_NOT_TRACK="1", DBT_PROFILES_DIR=str(ROOT), DBT_TARGET="published",
               CRM_WAREHOUSE_PATH=str(warehouse))
    parsed = subprocess.run([str(BIN / "dbt"), "parse", "--project-dir", str(ROOT),
                             "--target-path", str(project / "target"), "--log-path", str(tmp / "logs"),
                             "--vars", json.dumps({"as_of": PUBLISHED_AS_OF})],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert parsed.returncode == 0, parsed.stdout[-3000:]
    return project, env, warehouse


@pytest.fixture(scope="module")
def ratio_metrics(published):
    """Metrics that divide: a NULL there is not a 0."""
    manifest = json.loads((published[0] / "target" / "semantic_manifest.json").read_text())
    return {metric["name"] for metric in manifest["metrics"]
            if metric["type"] == "ratio" or "/" in (metric["type_params"].get("expr") or "")}


@pytest.fixture(scope="module")
def mf_results(published):
    """The CSV of every case's query, by case number."""
    project, env, _ = published
    out = project / "results"
    out.mkdir()
    result = subprocess.run([str(BIN / "python"), "-c", MF_QUERIES, str(project), str(ROOT), str(out),
                             json.dumps([[metrics, group_by] for metrics, group_by, _ in CASES])],
                            cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out


def mf_rows(path, metrics, group_by):
    """MetricFlow's rows as {group-by values: {metric: value}}."""
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {tuple(key(row[column]) for column in group_by):
            {metric: number(row[metric]) for metric in metrics} for row in rows}


def view_query(warehouse, sql, group_by, metrics):
    rows = query(warehouse, sql)
    result = {tuple(key(value) for value in row[:len(group_by)]):
              dict(zip(metrics, (number(value) for value in row[len(group_by):]), strict=True))
              for row in rows}
    assert len(result) == len(rows), "duplicate groups in the view"
    return result


def key(value):
    """A group-by value as text; a month or quarter as its first day."""
    text = str(value)
    return text[:10] if text[:4].isdigit() and text[4:5] == "-" else text


def number(value):
    return None if value in (None, "") else float(value)


def same(metric, expected, actual, is_ratio):
    """Equal within the metric's tolerance; for a count or an amount a missing
    or NULL value equals 0."""
    if expected is None or actual is None:
        return (expected is None and actual is None) or (not is_ratio and not expected and not actual)
    tolerance = TOLERANCES.get(metric, 0.0)
    return math.isclose(expected, actual, rel_tol=1e-9, abs_tol=max(tolerance, 1e-9))


@pytest.mark.parametrize("case", range(len(CASES)),
                         ids=[f"{'+'.join(c[1])}:{','.join(c[0])}" for c in CASES])
def test_metric_equals_its_view_rolled_up(published, mf_results, ratio_metrics, case):
    metrics, group_by, sql = CASES[case]
    expected = view_query(published[2], sql, group_by, metrics)
    actual = mf_rows(mf_results / f"{case}.csv", metrics, group_by)
    assert len(expected) >= 5, "too few groups to prove anything"
    mismatches = [(group, metric, expected.get(group, {}).get(metric), actual.get(group, {}).get(metric))
                  for group in sorted(set(expected) | set(actual))
                  for metric in metrics
                  if not same(metric, expected.get(group, {}).get(metric), actual.get(group, {}).get(metric),
                              metric in ratio_metrics)]
    assert mismatches == [], f"{len(mismatches)} mismatches (group, metric, view, mf): {mismatches[:10]}"


def test_every_metric_is_checked(published):
    manifest = json.loads((published[0] / "target" / "semantic_manifest.json").read_text())
    defined = {metric["name"] for metric in manifest["metrics"]}
    checked = {metric for metrics, _, _ in CASES for metric in metrics}
    assert defined == checked


def test_mf_command_line_gives_the_same_rows(published, mf_results):
    """`mf query` itself, on the read-only target: the first case's rows."""
    project, env, _ = published
    metrics, group_by, _ = CASES[0]
    out = project / "cli.csv"
    env = dict(env, DBT_PROJECT_DIR=str(project))
    result = subprocess.run([str(BIN / "mf"), "query", "--metrics", ",".join(metrics),
                             "--group-by", ",".join(group_by), "--csv", str(out)],
                            cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 0 and out.exists(), result.stdout[-3000:] + result.stderr[-3000:]
    assert mf_rows(out, metrics, group_by) == mf_rows(mf_results / "0.csv", metrics, group_by)


def test_published_target_is_read_only_and_reads_the_warehouse_catalog(published):
    """mf's SQL names relations in catalog `warehouse` (the published file's
    name) and schema main, where the published file holds them; the target
    cannot write (a dbt run on it fails and leaves the file as it was)."""
    project, env, warehouse = published
    manifest = json.loads((project / "target" / "semantic_manifest.json").read_text())
    relations = {(model["node_relation"]["database"], model["node_relation"]["schema_name"])
                 for model in manifest["semantic_models"]}
    assert relations == {("warehouse", "main")}
    before = query(warehouse, "select count(*) from dim_days")
    result = subprocess.run([str(BIN / "dbt"), "run", "--select", "dim_days", "--project-dir", str(ROOT),
                             "--target-path", str(project / "target"),
                             "--log-path", str(project.parent / "logs"),
                             "--vars", json.dumps({"as_of": PUBLISHED_AS_OF})],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "read-only" in result.stdout, result.stdout[-2000:]
    assert query(warehouse, "select count(*) from dim_days") == before
