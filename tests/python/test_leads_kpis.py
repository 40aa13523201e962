"""Lead and activity KPIs recomputed independently, in plain Python over the
raw CSV export (csv module, the catalogue's definitions), and compared row
for row with the views built from the same export by the loader and dbt.

Definitions (../shared/kpi_catalog.md, "Leads and activities"), as_of taken
as the end of that day: events strictly before 2026-11-01 00:00 UTC count.
- new leads: per month of created_at and source_channel; origin split.
- conversion: converted = the lead has an opportunity (the one it names, else
  the earliest naming it, created by as_of); won = that deal is closed_won
  with closed_at by as_of.
- response time: first response = the earlier of first_response_at and the
  first activity logged on the lead (both by as_of); hours = seconds / 3600,
  a response before creation counts as 0; unanswered leads count in leads only.
- lead responses: outcomes of all activities (on a lead, a deal or an account
  only), per activity month and rep, an unrecognised or missing outcome
  counted as unknown; positive_rate = positive / (positive + negative).
- sales activities: per activity month and rep, counts by type over the
  Monday-to-Friday days of the whole calendar month (the month of as_of too).
"""

import calendar
import csv
import statistics
from collections import defaultdict
from datetime import date, datetime, timezone
from decimal import ROUND_HALF_UP, Decimal

import pytest

from conftest import query

AS_OF = "2026-10-31"
AS_OF_END = datetime(2026, 11, 1)
SIX_DECIMALS = Decimal("0.000001")


def read_table(export, table):
    with open(export / f"{table}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def text(value):
    value = (value or "").strip()
    return value or None


def label(value):
    value = text(value)
    return value.lower().replace(" ", "_").replace("-", "_") if value else None


def timestamp(value):
    """An ISO-8601 text as a naive UTC datetime (no offset means UTC)."""
    value = text(value)
    if value is None:
        return None
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc).replace(tzinfo=None)
    return parsed


def month_of(moment):
    return date(moment.year, moment.month, 1)


def working_days(month):
    days = calendar.monthrange(month.year, month.month)[1]
    return sum(1 for day in range(1, days + 1) if date(month.year, month.month, day).weekday() < 5)


def six_decimals(value):
    """Rounded as the views' decimal(p, 6) casts round (half away from zero)."""
    return Decimal(value).quantize(SIX_DECIMALS, rounding=ROUND_HALF_UP)


def rate(numerator, denominator):
    if not denominator:
        return None
    return six_decimals(Decimal(numerator) / Decimal(denominator))


@pytest.fixture(scope="module")
def build(generated_build):
    """The generated export (scale 0.3, built with as_of AS_OF): (export, warehouse)."""
    return generated_build


@pytest.fixture(scope="module")
def raw(build):
    export = build[0]
    leads = read_table(export, "leads")
    activities = read_table(export, "activities")
    deals = read_table(export, "opportunities")
    for table in (leads, activities, deals):
        keys = [row[next(iter(row))] for row in table]
        assert len(keys) == len(set(keys)), "the clean export has one row per record"
    return {"leads": leads, "activities": activities, "opportunities": deals}


@pytest.fixture(scope="module")
def leads_as_of(raw):
    """Each lead created by as_of with its channel, origin, owner, first
    response seconds (None when unanswered) and converted / won flags."""
    first_activity = {}
    for activity in raw["activities"]:
        lead_id, occurred = text(activity["lead_id"]), timestamp(activity["occurred_at"])
        if lead_id and occurred < AS_OF_END:
            first_activity[lead_id] = min(occurred, first_activity.get(lead_id, occurred))

    deals = {d["opportunity_id"]: d for d in raw["opportunities"]
             if timestamp(d["created_at"]) < AS_OF_END}
    naming = defaultdict(list)
    for deal in deals.values():
        if text(deal["lead_id"]):
            naming[deal["lead_id"]].append((timestamp(deal["created_at"]), deal["opportunity_id"]))

    result = []
    for lead in raw["leads"]:
        created = timestamp(lead["created_at"])
        if created >= AS_OF_END:
            continue
        candidates = [t for t in (timestamp(lead["first_response_at"]), first_activity.get(lead["lead_id"]))
                      if t is not None and t < AS_OF_END]
        seconds = None
        if candidates:
            seconds = max(0, int((min(candidates) - created).total_seconds()))
        deal_id = text(lead["opportunity_id"])
        if deal_id not in deals:
            deal_id = min(naming[lead["lead_id"]])[1] if naming[lead["lead_id"]] else None
        deal = deals.get(deal_id)
        won = (deal is not None and label(deal["stage"]) == "closed_won"
               and timestamp(deal["closed_at"]) < AS_OF_END)
        origin = label(lead["origin"])
        result.append({
            "month": month_of(created),
            "channel": label(lead["source_channel"]) or "unknown",
            "origin": origin if origin in ("marketing", "sales") else "unknown",
            "rep_id": text(lead["owner_rep_id"]) or "unknown",
            "seconds": seconds,
            "converted": deal is not None,
            "won": won,
        })
    return result


def test_the_export_has_the_edges_worth_checking(leads_as_of):
    assert len(leads_as_of) > 3000
    assert any(lead["seconds"] is None for lead in leads_as_of)
    assert any(lead["won"] for lead in leads_as_of)
    assert any(lead["converted"] and not lead["won"] for lead in leads_as_of)


def test_new_leads_match(build, leads_as_of):
    expected = defaultdict(lambda: [0, 0, 0])
    for lead in leads_as_of:
        counts = expected[(lead["month"], lead["channel"])]
        counts[0] += 1
        counts[1] += lead["origin"] == "marketing"
        counts[2] += lead["origin"] == "sales"
    expected_rows = sorted((month, channel, n, m, s, rate(m, n))
                           for (month, channel), (n, m, s) in expected.items())
    actual = query(build[1], "select month, source_channel, new_leads, marketing_originated_leads, "
                             "sales_originated_leads, marketing_share from kpi_new_leads order by all")
    assert actual == expected_rows


def test_lead_conversion_matches(build, leads_as_of):
    expected = defaultdict(lambda: [0, 0, 0])
    for lead in leads_as_of:
        counts = expected[(lead["month"], lead["channel"])]
        counts[0] += 1
        counts[1] += lead["converted"]
        counts[2] += lead["won"]
    expected_rows = sorted((month, channel, n, c, w, rate(c, n), rate(w, n))
                           for (month, channel), (n, c, w) in expected.items())
    actual = query(build[1], "select month, source_channel, leads, converted_leads, won_leads, "
                             "lead_to_opportunity_rate, lead_to_customer_rate "
                             "from kpi_lead_conversion order by all")
    assert actual == expected_rows


def test_lead_response_time_matches(build, leads_as_of):
    groups = defaultdict(list)
    for lead in leads_as_of:
        groups[(lead["month"], lead["rep_id"], lead["channel"])].append(lead["seconds"])
    expected_rows = []
    for (month, rep_id, channel), seconds in sorted(groups.items()):
        answered = [s for s in seconds if s is not None]
        expected_rows.append((
            month, rep_id, channel, len(seconds), len(answered), rate(len(answered), len(seconds)),
            six_decimals(Decimal(sum(answered)) / 3600),
            rate(sum(answered), 3600 * len(answered)),
            six_decimals(Decimal(statistics.median(answered)) / 3600) if answered else None,
            sum(1 for s in answered if s <= 3600),
        ))
    actual = query(build[1], "select month, rep_id, source_channel, leads, responded_leads, "
                             "pct_followed_up, total_response_hours, avg_response_hours, "
                             "median_response_hours, responded_within_1h "
                             "from kpi_lead_response_time order by all")
    assert actual == expected_rows


def test_lead_responses_match(build, raw):
    outcomes = ["positive", "negative", "neutral", "no_response"]
    expected = defaultdict(lambda: dict.fromkeys(outcomes + ["unknown"], 0))
    off_lead = 0
    for activity in raw["activities"]:
        occurred = timestamp(activity["occurred_at"])
        if occurred < AS_OF_END:
            outcome = label(activity["outcome"])
            expected[(month_of(occurred), activity["rep_id"])][outcome if outcome in outcomes else "unknown"] += 1
            off_lead += not text(activity["lead_id"])
    assert off_lead > 0, "activities not on a lead count too"
    expected_rows = sorted(
        (month, rep_id, *counts.values(),
         rate(counts["positive"], counts["positive"] + counts["negative"]))
        for (month, rep_id), counts in expected.items())
    actual = query(build[1], "select month, rep_id, positive_responses, negative_responses, "
                             "neutral_responses, no_responses, unknown_outcomes, positive_rate "
                             "from kpi_lead_responses order by all")
    assert actual == expected_rows


def test_sales_activities_match(build, raw):
    types = ["call", "email", "meeting", "demo"]
    expected = defaultdict(lambda: dict.fromkeys(types, 0))
    for activity in raw["activities"]:
        occurred = timestamp(activity["occurred_at"])
        if occurred < AS_OF_END:
            expected[(month_of(occurred), activity["rep_id"])][label(activity["activity_type"])] += 1
    expected_rows = sorted(
        (month, rep_id, *counts.values(), sum(counts.values()),
         rate(sum(counts.values()), working_days(month)))
        for (month, rep_id), counts in expected.items())
    actual = query(build[1], "select month, rep_id, calls, emails, meetings, demos, total_activities, "
                             "activities_per_working_day from kpi_sales_activities order by all")
    assert actual == expected_rows
