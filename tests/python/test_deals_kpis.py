"""Deal KPIs computed a second time, independently: plain Python over the raw
CSV export (csv module, no SQL), written from the definitions in
../shared/kpi_catalog.md and ../shared/raw_crm_schema.md, compared row for
row with the views of a warehouse built from the same export.

The export is clean (no faults), so the only staging rules that matter here
are the contract's: labels lower-cased, an empty opportunity_type is
new_business, amounts converted with the latest fx rate on or before the
amount's date (the earliest when the date precedes them all) and rounded to
cents, a missing dimension is 'unknown'."""

import csv
import statistics
from collections import defaultdict
from datetime import date, datetime, time, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal

import pytest

from conftest import query

AS_OF = date(2026, 10, 31)
NOW = datetime.combine(AS_OF + timedelta(days=1), time())  # end of the as_of day
CENT = Decimal("0.01")
RATE_TOLERANCE = Decimal("0.000001")  # the views divide in double precision
WIN_PROBABILITY = {"prospecting": Decimal("0.10"), "qualification": Decimal("0.20"),
                   "discovery": Decimal("0.35"), "proposal": Decimal("0.55"),
                   "negotiation": Decimal("0.75"), "closed_won": Decimal("1"),
                   "closed_lost": Decimal("0")}
STAGE_ORDER = {stage: order for order, stage in enumerate(WIN_PROBABILITY, start=1)}
CLOSED_STAGES = {"closed_won", "closed_lost"}


# --- reading the raw export ---------------------------------------------------

def read(export, table):
    with open(export / f"{table}.csv", newline="") as handle:
        return [{key: (value.strip() or None) for key, value in row.items()}
                for row in csv.DictReader(handle)]


def label(text):
    return text.lower().replace(" ", "_").replace("-", "_") if text else None


def timestamp(text):
    """ISO-8601 text as a naive UTC datetime (no offset = UTC)."""
    if text is None:
        return None
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc).replace(tzinfo=None)
    return parsed


def month_of(moment):
    return date(moment.year, moment.month, 1)


def next_month(month):
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def cents(value):
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def ratio(numerator, denominator):
    """numerator / denominator, None when the denominator is 0."""
    return None if denominator == 0 else Decimal(numerator) / Decimal(denominator)


class Converter:
    """Amounts in the reporting currency (EUR) at the rate of a date."""

    def __init__(self, export):
        self.rates = defaultdict(list)
        for row in read(export, "fx_rates"):
            self.rates[row["currency"].upper()].append(
                (date.fromisoformat(row["rate_date"]), Decimal(row["rate_to_reporting"])))
        for rates in self.rates.values():
            rates.sort()

    def __call__(self, amount, currency, on):
        currency = (currency or "EUR").upper()
        if currency == "EUR":
            return cents(Decimal(amount))
        rates = self.rates[currency]
        earlier = [rate for rate_date, rate in rates if rate_date <= on]
        return cents(Decimal(amount) * (earlier[-1] if earlier else rates[0][1]))


class Crm:
    """The raw tables the deal KPIs read, parsed."""

    def __init__(self, export):
        convert = Converter(export)
        products = {row["product_id"]: row for row in read(export, "products")}
        accounts = {row["account_id"]: row for row in read(export, "accounts")}
        leads = {row["lead_id"]: row for row in read(export, "leads")}
        self.deals = []
        for row in read(export, "opportunities"):
            created_at, closed_at = timestamp(row["created_at"]), timestamp(row["closed_at"])
            stage = label(row["stage"])
            expected = date.fromisoformat(row["expected_close_date"]) if row["expected_close_date"] else None
            amount_date = closed_at.date() if closed_at else (expected or created_at.date())
            product = products.get(row["product_id"]) or {}
            account = accounts.get(row["account_id"]) or {}
            if row["lead_id"] is None:
                lead_source = "direct"
            elif row["lead_id"] in leads:
                lead_source = label(leads[row["lead_id"]]["source_channel"]) or "unknown"
            else:
                lead_source = "unknown"
            self.deals.append({
                "id": row["opportunity_id"], "rep_id": row["owner_rep_id"], "stage": stage,
                "created_at": created_at, "closed_at": closed_at, "expected_close_date": expected,
                "amount": (convert(row["amount"], row["currency"], amount_date)
                           if row["amount"] else Decimal("0.00")),
                "product_line": product.get("product_line") or "unknown",
                "industry": account.get("industry") or "unknown",
                "segment": label(account.get("segment")) or "unknown",
                "lead_source": lead_source,
                "opportunity_type": label(row["opportunity_type"]) or "new_business",
            })
        self.history = defaultdict(list)
        for row in read(export, "opportunity_stage_history"):
            stage = label(row["stage"])
            self.history[row["opportunity_id"]].append(
                (timestamp(row["entered_at"]), STAGE_ORDER[stage], stage))
        for entries in self.history.values():
            entries.sort()
        self.quotas = {}
        for row in read(export, "quotas"):
            month = month_of(date.fromisoformat(row["month"]))
            self.quotas[(month, row["rep_id"])] = convert(row["quota_amount"], row["currency"], month)
        self.forecasts = defaultdict(list)
        for row in read(export, "forecasts"):
            month = month_of(date.fromisoformat(row["month"]))
            self.forecasts[(month, row["rep_id"])].append(
                (timestamp(row["submitted_at"]), convert(row["forecast_amount"], row["currency"], month)))
        self.first_month = min(month_of(deal["created_at"]) for deal in self.deals)

    def closed_by_now(self):
        return [deal for deal in self.deals
                if deal["stage"] in CLOSED_STAGES and deal["closed_at"] < NOW]

    def stage_at(self, deal, moment):
        """Stage of the last history row entered at or before the moment."""
        entries = [entry for entry in self.history[deal["id"]] if entry[0] <= moment]
        return entries[-1][2] if entries else "unknown"

    def open_at(self, deal, moment):
        """Created by the moment, not closed by it, and not in a closed stage
        then (between a close and a reopening a deal is not open)."""
        return (deal["created_at"] <= moment
                and (deal["closed_at"] is None or deal["closed_at"] > moment)
                and self.stage_at(deal, moment) not in CLOSED_STAGES)

    def due_pipeline(self, month):
        """Deals open at the month's first instant due to close in the month."""
        start = datetime.combine(month, time())
        return [deal for deal in self.deals
                if deal["expected_close_date"] is not None
                and month <= deal["expected_close_date"] < next_month(month)
                and self.open_at(deal, start)]

    def wins(self):
        """Won amount per (close month, rep) of deals won by now."""
        won = defaultdict(Decimal)
        for deal in self.closed_by_now():
            if deal["stage"] == "closed_won":
                won[(month_of(deal["closed_at"]), deal["rep_id"])] += deal["amount"]
        return won

    def months(self):
        month = self.first_month
        while month <= month_of(AS_OF):
            yield month
            month = next_month(month)


# --- the build ------------------------------------------------------------------

@pytest.fixture(scope="module")
def build(generated_build):
    """(parsed raw export, warehouse): the generated export (scale 0.3), built
    with as_of AS_OF."""
    export, warehouse = generated_build
    return Crm(export), warehouse


def view_rows(warehouse, sql, key_length):
    """{key: values} from a query whose first key_length columns are the grain."""
    result = query(warehouse, sql)
    rows = {tuple(str(value) if isinstance(value, date) else value for value in row[:key_length]):
            row[key_length:] for row in result}
    assert len(rows) == len(result), "duplicate grain"
    return rows


def assert_same(expected, actual, rate_columns=()):
    """Same keys; equal values, ratios within RATE_TOLERANCE."""
    assert sorted(expected) == sorted(actual)
    for key, values in expected.items():
        for position, (want, got) in enumerate(zip(values, actual[key], strict=True)):
            if position in rate_columns and want is not None and got is not None:
                assert abs(Decimal(want) - got) <= RATE_TOLERANCE, (key, position, want, got)
            else:
                assert want == got, (key, position, want, got)


# --- the KPIs ---------------------------------------------------------------------

def test_win_rate_matches_the_catalogue(build):
    crm, warehouse = build
    groups = defaultdict(lambda: [0, 0, Decimal(0), Decimal(0)])
    for deal in crm.closed_by_now():
        key = (str(month_of(deal["closed_at"])), deal["rep_id"], deal["product_line"], deal["industry"],
               deal["segment"], deal["lead_source"], deal["opportunity_type"])
        group = groups[key]
        if deal["stage"] == "closed_won":
            group[0] += 1
            group[2] += deal["amount"]
        else:
            group[1] += 1
            group[3] += deal["amount"]
    expected = {key: (won, lost, won + lost, won_amount, lost_amount, won_amount + lost_amount,
                      ratio(won, won + lost), ratio(won_amount, won_amount + lost_amount), ratio(won, lost))
                for key, (won, lost, won_amount, lost_amount) in groups.items()}
    actual = view_rows(warehouse, "select month, rep_id, product_line, industry, segment, lead_source, "
                                  "opportunity_type, won_count, lost_count, closed_count, won_amount, "
                                  "lost_amount, closed_amount, win_rate, win_rate_amount, win_loss_ratio "
                                  "from kpi_win_rate", 7)
    assert len(expected) > 100
    assert_same(expected, actual, rate_columns=(6, 7, 8))


def test_sales_cycle_matches_the_catalogue(build):
    crm, warehouse = build
    cycles = defaultdict(list)
    for deal in crm.closed_by_now():
        outcome = "won" if deal["stage"] == "closed_won" else "lost"
        key = (str(month_of(deal["closed_at"])), outcome, deal["rep_id"], deal["product_line"],
               deal["segment"])
        cycles[key].append(Decimal(int((deal["closed_at"] - deal["created_at"]).total_seconds())) / 86400)
    expected = {key: (len(days), sum(days), sum(days) / len(days), statistics.median(days))
                for key, days in cycles.items()}
    actual = view_rows(warehouse, "select month, outcome, rep_id, product_line, segment, deal_count, "
                                  "total_cycle_days, avg_cycle_days, median_cycle_days "
                                  "from kpi_sales_cycle", 5)
    assert len(expected) > 100
    assert_same(expected, actual, rate_columns=(1, 2, 3))


def test_opportunities_created_matches_the_catalogue(build):
    crm, warehouse = build
    groups = defaultdict(lambda: [0, Decimal(0)])
    for deal in crm.deals:
        if deal["created_at"] < NOW:
            group = groups[(str(month_of(deal["created_at"])), deal["rep_id"], deal["lead_source"],
                            deal["product_line"])]
            group[0] += 1
            group[1] += deal["amount"]
    expected = {key: tuple(group) for key, group in groups.items()}
    actual = view_rows(warehouse, "select month, rep_id, lead_source, product_line, opportunities_created, "
                                  "pipeline_created_amount from kpi_opportunities_created", 4)
    assert len(expected) > 100
    assert_same(expected, actual)


def test_pipeline_coverage_matches_the_catalogue(build):
    crm, warehouse = build
    wins = crm.wins()
    pipeline = defaultdict(Decimal)
    for month in crm.months():
        for deal in crm.due_pipeline(month):
            pipeline[(month, deal["rep_id"])] += deal["amount"]
    quotas = {key: amount for key, amount in crm.quotas.items()
              if crm.first_month <= key[0] <= month_of(AS_OF)}
    expected = {}
    for month, rep_id in set(quotas) | set(pipeline) | set(wins):
        quota = quotas.get((month, rep_id), Decimal("0.00"))
        open_amount = pipeline.get((month, rep_id), Decimal("0.00"))
        won = wins.get((month, rep_id), Decimal("0.00"))
        expected[(str(month), rep_id)] = (quota, open_amount, won, ratio(open_amount, quota), ratio(won, quota))
    actual = view_rows(warehouse, "select month, rep_id, quota_amount, open_pipeline_amount, won_amount, "
                                  "coverage_ratio, quota_attainment from kpi_pipeline_coverage", 2)
    assert len(expected) > 100
    assert_same(expected, actual, rate_columns=(3, 4))


def test_forecast_accuracy_matches_the_catalogue(build):
    crm, warehouse = build
    wins = crm.wins()
    weighted = defaultdict(Decimal)
    due = set()
    for month in crm.months():
        start = datetime.combine(month, time())
        for deal in crm.due_pipeline(month):
            due.add((month, deal["rep_id"]))
            weighted[(month, deal["rep_id"])] += (
                deal["amount"] * WIN_PROBABILITY.get(crm.stage_at(deal, start), Decimal(0)))
    of_record = {}
    submitted = set()  # any submission by now, on time or late: a row
    for (month, rep_id), submissions in crm.forecasts.items():
        if not crm.first_month <= month <= month_of(AS_OF):
            continue
        if any(s[0] < NOW for s in submissions):
            submitted.add((month, rep_id))
        before = sorted(s for s in submissions if s[0] < datetime.combine(month, time()))
        if before:
            of_record[(month, rep_id)] = before[-1][1]
    quotas = {key for key in crm.quotas if crm.first_month <= key[0] <= month_of(AS_OF)}
    expected = {}
    for key in submitted | quotas | due | set(wins):
        forecast = of_record.get(key)
        weighted_forecast = weighted.get(key, Decimal(0))
        actual = wins.get(key, Decimal("0.00"))
        error = None if forecast is None else forecast - actual
        expected[(str(key[0]), key[1])] = (
            forecast, cents(weighted_forecast), actual, error,
            None if error is None or actual == 0 else 1 - abs(error) / actual,
            None if actual == 0 else 1 - abs(weighted_forecast - actual) / actual,
            None if error is None or actual == 0 else error / actual,
        )
    actual_rows = view_rows(warehouse, "select month, rep_id, forecast_amount, weighted_forecast_amount, "
                                       "actual_amount, forecast_error_amount, forecast_accuracy, "
                                       "weighted_forecast_accuracy, forecast_bias "
                                       "from kpi_forecast_accuracy", 2)
    assert len(expected) > 100
    assert sum(1 for values in expected.values() if values[0] is None) > 0, "a rep-month without forecast"
    assert (submitted | quotas) - due - set(wins), "a rep-month with only a quota or forecast submissions"
    assert_same(expected, actual_rows, rate_columns=(4, 5, 6))
