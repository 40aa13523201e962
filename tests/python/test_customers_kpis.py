"""Customer and revenue KPIs against an independent computation.

The generated CRM export of conftest's generated_build (scale 0.3) is
loaded with the loader (as typed Parquet) and built with as_of 2026-10-31;
the KPIs are then recomputed here in plain Python from the same export's
raw CSV files, from the
definitions of ../shared/kpi_catalog.md and the raw contract (amounts
converted per record with the latest fx rate on or before the amount's date,
or the earliest rate, and rounded to cents), and compared row for row with
the views. Nothing here reads the models' SQL.
"""

import bisect
import csv
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

import pytest

from conftest import query

AS_OF = date(2026, 10, 31)
REPORTING_CURRENCY = "EUR"
SEGMENTS = {"smb", "mid_market", "enterprise"}
CENT = Decimal("0.01")
MICRO = Decimal("0.000001")


# -- reading the raw export --------------------------------------------------

def read(export, table):
    with open(export / f"{table}.csv", newline="", encoding="utf-8") as handle:
        return [{key: (value.strip() or None) for key, value in row.items()}
                for row in csv.DictReader(handle)]


def to_date(text):
    return date.fromisoformat(text) if text else None


def to_utc(text):
    """An ISO-8601 timestamp as naive UTC (no offset = UTC)."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


def label(text):
    return text.strip().lower().replace(" ", "_").replace("-", "_") if text else None


def cents(value):
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def ratio(numerator, denominator, quantum=MICRO):
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(quantum, rounding=ROUND_HALF_UP)


class Fx:
    """Rates into the reporting currency: the latest on or before the date,
    or the earliest when the date precedes them all."""

    def __init__(self, rows):
        self.rates = defaultdict(list)
        for row in rows:
            self.rates[row["currency"].upper()].append(
                (to_date(row["rate_date"]), Decimal(row["rate_to_reporting"])))
        for rates in self.rates.values():
            rates.sort()

    def convert(self, amount, currency, on):
        currency = (currency or REPORTING_CURRENCY).upper()
        if currency == REPORTING_CURRENCY:
            return cents(Decimal(amount))
        rates = self.rates[currency]
        position = bisect.bisect_right([rate_date for rate_date, _ in rates], on) - 1
        return cents(Decimal(amount) * rates[max(position, 0)][1])


# -- calendar ------------------------------------------------------------------

def add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(first, last):
    month = date(first.year, first.month, 1)
    while month <= last:
        yield month
        month = add_months(month, 1)


def last_day(period_start, length_in_months):
    """The period's last day, or the as_of day for the period containing it."""
    return min(add_months(period_start, length_in_months) - timedelta(days=1), AS_OF)


# -- the independent computation --------------------------------------------

class Crm:
    def __init__(self, export):
        self.fx = Fx(read(export, "fx_rates"))
        self.segment = {row["account_id"]: label(row["segment"]) if label(row["segment"]) in SEGMENTS
                        else "unknown" for row in read(export, "accounts")}
        self.subscriptions = [
            {"account_id": row["account_id"], "start": to_date(row["started_at"]),
             "end": to_date(row["ended_at"]),
             "mrr": self.fx.convert(row["mrr"], row["currency"], to_date(row["started_at"]))}
            for row in read(export, "subscriptions")]
        self.invoices = [
            {"account_id": row["account_id"], "opportunity_id": row["opportunity_id"],
             "date": to_date(row["invoiced_at"]),
             "amount": self.fx.convert(row["amount"], row["currency"], to_date(row["invoiced_at"]))}
            for row in read(export, "invoices") if to_date(row["invoiced_at"]) <= AS_OF]
        product_line = {row["product_id"]: row["product_line"] or "unknown"
                        for row in read(export, "products")}
        self.deal_product_line = {row["opportunity_id"]: product_line.get(row["product_id"], "unknown")
                                  for row in read(export, "opportunities")}
        self.nps = [row for row in read(export, "nps_responses")
                    if to_utc(row["responded_at"]) < datetime.combine(AS_OF + timedelta(days=1),
                                                                      datetime.min.time())]
        self.costs = [{"month": to_date(row["month"]).replace(day=1), "category": label(row["cost_category"]),
                       "amount": self.fx.convert(row["amount"], row["currency"],
                                                 to_date(row["month"]).replace(day=1))}
                      for row in read(export, "costs")]
        self.first_month = min(s["start"] for s in self.subscriptions).replace(day=1)

    @staticmethod
    def active(subscription, day):
        return subscription["start"] <= day and (subscription["end"] is None or day < subscription["end"])

    @lru_cache(maxsize=None)
    def customers_on(self, day):
        return frozenset(s["account_id"] for s in self.subscriptions if self.active(s, day))

    def mrr_on(self, day):
        return sum((s["mrr"] for s in self.subscriptions if self.active(s, day)), Decimal("0.00"))

    def mrr(self):
        rows = {}
        for month in months_between(self.first_month, AS_OF):
            start, end = month - timedelta(days=1), last_day(month, 1)
            started = [s for s in self.subscriptions if month <= s["start"] <= end]
            ended = [s for s in self.subscriptions if s["end"] and month <= s["end"] <= end]
            if not (self.customers_on(start) or self.customers_on(end) or started or ended):
                continue
            new = expansion = Decimal("0.00")
            for subscription in started:
                if subscription["account_id"] in self.customers_on(subscription["start"] - timedelta(days=1)):
                    expansion += subscription["mrr"]
                else:
                    new += subscription["mrr"]
            ending = self.mrr_on(end)
            rows[month] = (self.mrr_on(start), new, expansion, sum(s["mrr"] for s in ended), ending,
                           12 * ending, len(self.customers_on(end)))
        return rows

    def retention(self):
        rows = {}
        for period_type, length in [("month", 1), ("quarter", 3), ("year", 12)]:
            period = date(self.first_month.year, 1, 1)
            while period <= AS_OF:
                at_start = self.customers_on(period - timedelta(days=1))
                at_end = self.customers_on(last_day(period, length))
                if at_start or at_end:
                    retained, churned = at_start & at_end, at_start - at_end
                    rows[(period_type, period)] = (
                        len(at_start), len(at_end - at_start), len(at_end), len(retained), len(churned),
                        ratio(len(retained), len(at_start)), ratio(len(churned), len(at_start)))
                period = add_months(period, length)
        return rows

    def revenue(self):
        groups = defaultdict(list)
        for invoice in self.invoices:
            line = self.deal_product_line.get(invoice["opportunity_id"], "unknown")
            groups[(invoice["date"].replace(day=1), line)].append(invoice)
        return {key: (sum(i["amount"] for i in group), len(group), len({i["account_id"] for i in group}),
                      ratio(sum(i["amount"] for i in group), len(group), CENT))
                for key, group in groups.items()}

    def nps_by_month(self):
        groups = defaultdict(list)
        for response in self.nps:
            segment = self.segment.get(response["account_id"], "unknown")
            groups[(to_utc(response["responded_at"]).date().replace(day=1), segment)].append(
                int(response["score"]))
        rows = {}
        for key, scores in groups.items():
            promoters = sum(1 for score in scores if score >= 9)
            passives = sum(1 for score in scores if score in (7, 8))
            detractors = sum(1 for score in scores if score <= 6)
            rows[key] = (len(scores), promoters, passives, detractors,
                         ratio(100 * (promoters - detractors), len(scores)))
        return rows

    def lifetime_value(self, month):
        """{segment or 'all': parts and ratios} over the 12 months ending with month."""
        window_start = add_months(month, -11)
        at_start = self.customers_on(window_start - timedelta(days=1))
        at_end = self.customers_on(last_day(month, 1))
        invoices = [i for i in self.invoices if window_start <= i["date"] <= last_day(month, 1)]
        accounts = at_start | at_end | {i["account_id"] for i in invoices}
        rows = {}
        for segment in {self.segment.get(a, "unknown") for a in accounts} | {"all"}:
            def member(account):
                return segment == "all" or self.segment.get(account, "unknown") == segment
            mine = [i for i in invoices if member(i["account_id"])]
            revenue = sum((i["amount"] for i in mine), Decimal("0.00"))
            paying = len({i["account_id"] for i in mine})
            start = {a for a in at_start if member(a)}
            churned = len(start - at_end)
            rows[segment] = (
                revenue, len(mine), paying, len(start), churned,
                ratio(revenue, len(mine), CENT), ratio(len(mine), paying), ratio(churned, len(start)),
                ratio(len(start), churned),
                ratio(revenue * len(start), paying * churned, CENT) if paying and churned else None)
        return rows

    def customer_lifetime_value(self):
        return {(month, segment): values
                for month in months_between(self.first_month, AS_OF)
                for segment, values in self.lifetime_value(month).items() if segment != "all"}

    def acquisition_cost(self):
        """Every month up to as_of with a cost record or a new customer; no
        cost record reads cost 0, so CAC 0 when there are new customers."""
        rows = {}
        cost_months = {c["month"] for c in self.costs}
        for month in months_between(min(cost_months | {self.first_month}), AS_OF):
            marketing = sum((c["amount"] for c in self.costs
                             if c["month"] == month and c["category"] == "marketing"), Decimal("0.00"))
            sales = sum((c["amount"] for c in self.costs
                         if c["month"] == month and c["category"] == "sales"), Decimal("0.00"))
            new = len(self.customers_on(last_day(month, 1)) - self.customers_on(month - timedelta(days=1)))
            if month not in cost_months and not new:
                continue
            lifetime_value = self.lifetime_value(month)["all"][-1]
            rows[month] = (marketing, sales, marketing + sales, new, ratio(marketing + sales, new, CENT),
                           lifetime_value,
                           ratio(lifetime_value * new, marketing + sales)
                           if new and lifetime_value is not None else None)
        return rows


# -- comparing ---------------------------------------------------------------

def view_rows(warehouse, sql, key_columns):
    rows = {}
    for row in query(warehouse, sql):
        key = tuple(row[:key_columns]) if key_columns > 1 else row[0]
        rows[key] = tuple(row[key_columns:])
    return rows


def close(expected, actual, tolerance):
    if expected is None or actual is None:
        return expected is None and actual is None
    return abs(Decimal(expected) - Decimal(actual)) <= tolerance


def assert_same_rows(expected, actual, tolerances):
    """Same keys; every value equal, ratios within the rounding of their last
    digit (the view divides before rounding, as here, but may round a half
    differently)."""
    assert sorted(actual) == sorted(expected), (
        f"missing: {sorted(set(expected) - set(actual))[:5]}, extra: {sorted(set(actual) - set(expected))[:5]}")
    differences = [(key, expected[key], actual[key]) for key in sorted(expected)
                   if not all(close(e, a, t) for e, a, t in zip(expected[key], actual[key], tolerances))]
    assert not differences, differences[:5]


@pytest.fixture(scope="module")
def build(generated_build):
    """The generated export (scale 0.3, built with as_of AS_OF) and its warehouse."""
    export, warehouse = generated_build
    return Crm(export), warehouse


EXACT = Decimal("0")
RATE = Decimal("0.000001")
AMOUNT = Decimal("0.01")


def test_mrr_matches_independent_computation(build):
    crm, warehouse = build
    expected = crm.mrr()
    assert len(expected) > 24 and expected[date(2026, 10, 1)][4] > 0
    actual = view_rows(warehouse, "select month, starting_mrr_amount, new_mrr_amount, expansion_mrr_amount, "
                                  "churned_mrr_amount, ending_mrr_amount, arr_amount, active_customers "
                                  "from kpi_mrr", 1)
    assert_same_rows(expected, actual, [EXACT] * 7)


def test_customer_retention_matches_independent_computation(build):
    crm, warehouse = build
    expected = crm.retention()
    assert {period_type for period_type, _ in expected} == {"month", "quarter", "year"}
    assert sum(values[4] for values in expected.values()) > 0
    actual = view_rows(warehouse, "select period_type, period_start, customers_at_start, new_customers, "
                                  "customers_at_end, retained_customers, churned_customers, retention_rate, "
                                  "churn_rate from kpi_customer_retention", 2)
    assert_same_rows(expected, actual, [EXACT] * 5 + [RATE] * 2)


def test_revenue_matches_independent_computation(build):
    crm, warehouse = build
    expected = crm.revenue()
    assert {line for _, line in expected} >= {"unknown", "Sales Cloud"}
    actual = view_rows(warehouse, "select month, product_line, revenue_amount, invoice_count, "
                                  "paying_accounts, avg_purchase_value from kpi_revenue", 2)
    assert_same_rows(expected, actual, [EXACT] * 3 + [AMOUNT])


def test_nps_matches_independent_computation(build):
    crm, warehouse = build
    expected = crm.nps_by_month()
    assert sum(values[0] for values in expected.values()) > 100
    actual = view_rows(warehouse, "select month, segment, responses, promoters, passives, detractors, nps "
                                  "from kpi_nps", 2)
    assert_same_rows(expected, actual, [EXACT] * 4 + [RATE])


def test_customer_lifetime_value_matches_independent_computation(build):
    crm, warehouse = build
    expected = crm.customer_lifetime_value()
    assert any(values[-1] is not None for values in expected.values())
    actual = view_rows(warehouse, "select month, segment, revenue_amount, invoice_count, paying_accounts, "
                                  "customers_at_start, churned_customers, avg_purchase_value, "
                                  "purchases_per_customer_per_year, annual_churn_rate, "
                                  "expected_lifetime_years, customer_lifetime_value "
                                  "from kpi_customer_lifetime_value", 2)
    assert_same_rows(expected, actual, [EXACT] * 5 + [AMOUNT, RATE, RATE, RATE, AMOUNT])


def test_customer_acquisition_cost_matches_independent_computation(build):
    crm, warehouse = build
    expected = crm.acquisition_cost()
    assert len(expected) > 24, "months before the first cost record, with new customers"
    assert any(values[2] == 0 and values[4] == 0 for values in expected.values()), "cac 0 without cost"
    actual = view_rows(warehouse, "select month, marketing_cost_amount, sales_cost_amount, total_cost_amount, "
                                  "new_customers, cac, customer_lifetime_value, clv_to_cac "
                                  "from kpi_customer_acquisition_cost", 1)
    assert_same_rows(expected, actual, [EXACT] * 4 + [AMOUNT, AMOUNT, RATE])
