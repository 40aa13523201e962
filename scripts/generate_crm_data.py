#!/usr/bin/env python3
"""Generate the demo CRM: the raw tables of ../shared/raw_crm_schema.md.

    python scripts/generate_crm_data.py --out DIR [--format csv|parquet]
        [--scale N] [--inject-faults] [--seed S] [--shape contract|salesforce|hubspot]

Writes DIR/<table>.csv (or .parquet) for each of the 17 tables of
crm_contract.TABLES, columns in contract order. With --shape salesforce or
hubspot, the same world as that CRM's objects (DIR/<object>.csv, the objects
and columns of models/staging/<crm>/_<crm>__sources.yml, for load_crm.py
--source <crm>) and the contract tables the CRM lacks in DIR/supplement (for
the crm_supplement_schema): scripts/crm_shapes.py reshapes the tables.
--inject-faults is for the contract shape only. The same arguments give
byte-identical files on every run: one random.Random(seed) drives everything,
nothing reads the clock. `--out seeds/demo_crm` (scale 1, csv, clean) gives the
committed demo seeds.

What the data looks like (scale 1)
----------------------------------
--scale multiplies the volume: reps per team, accounts, campaigns, leads,
deals and all that follows, and visitor counts. Products, fx_rates and the
rows of costs and web_traffic (one per month or day and channel) are not.

A Nordic B2B SaaS sales org over the 24 months 2024-11-01 .. 2026-10-31 (UTC).
Nothing happens after 2026-10-31 except open deals' expected_close_date and a
few subscriptions' ended_at (customers who have given notice).

- reps: ~25 in four teams (Nordic Enterprise, Sweden Mid-Market, Norway &
  Denmark, Finland) over regions SE/NO/DK/FI. Each team has a manager (a rep
  too, manager_id of the others). Two reps leave (left_at = first day gone)
  and hand their accounts and open deals to successors hired shortly before;
  one rep joins mid-period for growth; one rep joins on 2026-10-01 and has
  leads and activities but no deals yet. Reps differ in skill (win rate),
  speed, activity level, activity mix (top sellers hold more meetings and
  demos), response time and forecast bias (-25 % .. +35 %).
- accounts: ~3,000 (industry, segment smb/mid_market/enterprise, country
  SE/NO/DK/FI). Amounts are in the country's currency (SEK, NOK, DKK, EUR);
  a few enterprise accounts are billed in USD. ~45 % existed before the period.
- products: 10 in 4 product lines, annual list prices in EUR (not scaled).
- campaigns: ~36 over the default channels, budgets in EUR, SEK, NOK, DKK.
- leads: ~20,000; source_channel mostly from the default channel list, ~7 %
  free text (organic_search, direct_traffic, display) and ~3 % empty;
  campaign leads carry campaign_id; cold_call / cold_email leads are
  sales-originated. ~10 % never get a first response; lead-to-opportunity
  conversion ~12 %, by channel from ~4 % (display) to ~25 % (referral).
- opportunities: ~3,200. The CRM went live on 2024-11-01: the open pipeline
  of that day (~220 deals) was migrated with its real created_at (weeks to
  months before go-live) and the stages it had passed through; activities
  are logged from go-live on. ~28 % have no lead (imports, outbound,
  win-backs, renewals). Expansion deals (upsell, cross_sell, renewal) are
  only created on accounts that are customers at that moment, new_business
  only on accounts that are not. Win rate by count ~28 %, differing by rep
  and product line; median cycle ~45 days (won ~63: smb ~50, mid-market ~75,
  enterprise ~115); quarter-end push, weak July. expected_close_date is the
  close date or near it for closed deals and the coming months for open ones
  (~15 % of open deals are past due): pipeline coverage ~2-4x quota. A few
  open deals have no amount. Five deals were closed_lost and reopened in a
  later month (the row carries the final state); a few closed exactly at
  00:00:00 on the 1st of a month. Open deals exist in every open stage.
- opportunity_stage_history: one row per stage entered; first row at
  created_at, closed rows at closed_at, last row = current stage; ~12 % of
  deals skip a stage.
- activities: ~45,000 calls, emails, meetings and demos: first touches and
  follow-ups on leads (the first may be before or after first_response_at),
  activities through each deal's life, customer check-ins on accounts only.
- quotas: every active rep and month, in the rep's region currency, sized from
  the team's results per year (ramped for new hires, pro rata in a leaver's
  last month, managers carry a third): overall attainment ~105 %, median
  ~90 % for a rep's quarter and ~70 % for a rep's month (deals are lumpy: an
  enterprise rep often closes nothing in a month).
- forecasts: 1-4 submissions per rep and month, before and during the month,
  in the rep's currency, biased per rep; some rep-months have no submission
  before the month starts, some none at all.
- invoices: subscription invoices (monthly or annual) and one-off
  implementation fees linked to won new-business deals.
- subscriptions: won new_business / upsell / cross_sell deals start one
  (mrr = amount / 12); pre-period customers have subscriptions without a
  deal, and some former customers churned before go-live (so the years
  before the period show churn too). Customers churn ~1.5 % a month (all their subscriptions end, often on
  the 1st of a month); some come back later with a win-back deal; renewal
  deals are won at anniversaries or lost just before a churn.
- costs: monthly sales cost (one row, empty channel, EUR: loaded salaries
  times SALES_SUPPORT_FACTOR for the team behind the reps, plus 10 %
  commission) and marketing cost per channel (campaign budgets spread over
  their months plus always-on spend; content is paid in SEK). Sales and
  marketing run at ~50 % of revenue, so CLV:CAC lands around 3-6.
- web_traffic: visitors per day for website, paid_search, social, content,
  referral, with weekday and seasonal patterns.
- nps_responses: after 30 % of won and 10 % of lost deals, and quarterly from
  ~12 % of customers; ~40 % promoters, ~20 % detractors.
- employee_surveys: a quarterly pulse per active rep, 1-5.
- fx_rates: SEK, NOK, DKK, USD on the 1st of each month 2024-10-01 ..
  2026-10-01, EUR per unit (EUR itself is the reporting currency: no rows).
  Rates keep 6 decimals (csv) and are DECIMAL(18,6) in Parquet.

Dangling keys on purpose (realistic CRM mess: staging keeps and flags them)
---------------------------------------------------------------------------
- two lost opportunities have product_id P090 and P099, not in products
  (products retired and deleted from the catalogue);
- two activities have lead_id L9999998 and L9999999, leads that do not exist
  (deleted leads);
- one account has owner_rep_id R9999, not in reps (a deleted CRM user).
See DANGLING below. Everything else is consistent: a deal's account is its
lead's account, a converted lead points to its opportunity and back,
activities on a deal fall within its life and are by reps employed then, and
so on.

--inject-faults
---------------
Writes the clean data plus the faults below, and DIR/injected_faults.json, a
list of {"table", "kind", "record_key", "expected_reason"} (expected_reason
only for bad rows). record_key is the raw values of crm_contract.KEYS joined
by "|" (empty for a missing value). Staging must give exactly the KPIs of the
clean data.

1. bad_row: extra rows with new keys that nothing references, one fault each,
   otherwise valid (see BAD_ROWS):
   opportunities: missing created_at, missing owner_rep_id,
     unparseable created_at ("not a date"), invalid stage ("closed_maybe"),
     unknown currency ("XYZ"), negative amount, closed_at before created_at,
     missing closed_at (closed_won without closed_at);
   leads: missing created_at, unparseable created_at ("2026-13-45");
   activities: invalid activity_type ("lunch"), missing rep_id,
     unparseable occurred_at ("31/02/2026");
   opportunity_stage_history (a real deal): invalid stage ("closed_maybe"),
     missing entered_at;
   invoices: unknown currency, unparseable amount ("12,5x"), negative amount;
   subscriptions: negative mrr, unparseable started_at ("not a date");
   campaigns: unparseable started_at ("2026-13-45");
   quotas: unparseable quota_amount ("12,5x"), for a rep in a month after
     the rep left; forecasts: missing submitted_at;
   costs: invalid cost_category ("travel");
   web_traffic: negative visitors (channel "newsletter");
   nps_responses: score out of range (11 and -1);
   employee_surveys: score out of range (0 and 6);
   fx_rates: unparseable rate_date ("31/02/2026"), missing rate_to_reporting.
2. stale_duplicate: tables with updated_at (reps, accounts, products,
   campaigns, leads, opportunities, activities, invoices, subscriptions): 3
   copies each of existing records with an updated_at 1-30 days older (never
   before the record's creation) and some older values (an earlier open
   stage without closed_at, another amount, an unconverted lead status ...).
   Tables without updated_at (opportunity_stage_history, quotas, forecasts,
   costs, web_traffic, nps_responses, employee_surveys, fx_rates): 2 exact
   copies each. Appended after the clean rows.
3. cosmetic: in-place rewrites that normalise back to the clean value
   (see COSMETICS): stage "Closed Won", " closed-won ", "CLOSED_WON",
   "Negotiation", "Proposal" (opportunities and stage-history rows); currency
   "SEK ", "sek", "Nok "; opportunity_type "New Business"; segment
   "Mid-Market", "SMB"; activity_type "Call", " EMAIL"; outcome "Positive";
   lead status "Converted", origin "Marketing"; channels "Website ",
   "PAID_SEARCH", "Webinar"; timestamps re-expressed with a +02:00 offset,
   a T separator, or a T and a Z (created_at, closed_at of a deal closed at
   00:00:00 on the 1st, occurred_at, entered_at).
"""

from __future__ import annotations

import argparse
import bisect
import csv
import heapq
import json
import math
import random
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import crm_shapes  # noqa: E402
import crm_sources  # noqa: E402
from crm_contract import ENUMS, KEYS, TABLES, column_names  # noqa: E402

DEFAULT_SEED = 20261031
SUPPLEMENT = "supplement"  # sub-folder of a CRM shape's contract tables

PERIOD_START = datetime(2024, 11, 1)
PERIOD_END = datetime(2026, 11, 1)  # exclusive
LAST = PERIOD_END - timedelta(seconds=1)
START_DATE = PERIOD_START.date()
END_DATE = date(2026, 10, 31)

STAGES = ENUMS["stage"]
OPEN_STAGES = STAGES[:5]  # prospecting .. negotiation
WON, LOST = "closed_won", "closed_lost"

CURRENCY_BY_COUNTRY = {"SE": "SEK", "NO": "NOK", "DK": "DKK", "FI": "EUR"}
FX_CURRENCIES = ["SEK", "NOK", "DKK", "USD"]
FX_START = {"SEK": 0.0872, "NOK": 0.0851, "DKK": 0.1341, "USD": 0.9215}
FX_MONTHLY_SIGMA = {"SEK": 0.009, "NOK": 0.011, "DKK": 0.0004, "USD": 0.012}

# id prefix and digits: wide enough for --scale 100
ID_FORMATS = {
    "reps": ("R", 4), "accounts": ("A", 6), "products": ("P", 3),
    "campaigns": ("C", 4), "leads": ("L", 7), "opportunities": ("O", 6),
    "activities": ("ACT", 8), "invoices": ("INV", 7), "subscriptions": ("S", 6),
    "nps_responses": ("NPS", 6), "employee_surveys": ("ES", 6),
}

# Foreign keys that point nowhere on purpose (see the module docstring).
DANGLING = {
    ("opportunities", "product_id"): ("P090", "P099"),
    ("activities", "lead_id"): ("L9999998", "L9999999"),
    ("accounts", "owner_rep_id"): ("R9999",),
}


def make_id(table, number):
    prefix, width = ID_FORMATS[table]
    return f"{prefix}{number:0{width}d}"


# ----------------------------------------------------------------------------
# small helpers: time, money, formatting
# ----------------------------------------------------------------------------

def days_in_month(year, month):
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return (nxt - date(year, month, 1)).days


def add_months(d, n):
    """The same day n months later (clipped to the month's length)."""
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, days_in_month(year, month)))


def month_start(d):
    return date(d.year, d.month, 1)


def next_month_start(d):
    return add_months(date(d.year, d.month, 1), 1)


def month_range(first, last):
    months, m = [], month_start(first)
    while m <= last:
        months.append(m)
        m = next_month_start(m)
    return months


MONTHS = month_range(START_DATE, END_DATE)  # the 24 reported months
FX_MONTHS = month_range(date(2024, 10, 1), date(2026, 10, 1))
PERIOD_DAYS = [START_DATE + timedelta(days=i) for i in range((END_DATE - START_DATE).days + 1)]


def at_midnight(d):
    return datetime(d.year, d.month, d.day)


def plus_days(t, days):
    """t plus a (fractional) number of days, in whole seconds, at least 1 hour."""
    return t + timedelta(seconds=max(3600, int(days * 86400)))


def business_time(rng, d):
    """A working-hours instant (06:00-15:59 UTC = office hours in the Nordics)."""
    return datetime(d.year, d.month, d.day, 6 + int(rng.random() * 10),
                    rng.randrange(60), rng.randrange(60))


def random_between(rng, a, b):
    """A whole-second instant in [a, b]."""
    a = a.replace(microsecond=0)
    span = int((b - a).total_seconds())
    return a + timedelta(seconds=rng.randint(0, max(0, span)))


def clip(t, low, high):
    return max(low, min(high, t))


def fmt_ts(t):
    return "" if t is None else t.strftime("%Y-%m-%d %H:%M:%S")


def fmt_date(d):
    return "" if d is None else d.isoformat()


def fmt_cents(cents):
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


SEASON = {1: 0.95, 2: 1.0, 3: 1.1, 4: 0.95, 5: 1.05, 6: 1.05,
          7: 0.5, 8: 0.85, 9: 1.1, 10: 1.1, 11: 1.1, 12: 0.8}
WEEKDAY = [1.05, 1.1, 1.05, 1.0, 0.85, 0.3, 0.25]


def growth(d):
    """The company grows ~30 % over the two years."""
    return 1.0 + 0.3 * (d - START_DATE).days / 730.0


def day_sampler(weekend_factor=1.0):
    """Cumulative weights over the period's days: growth, season, weekdays."""
    cum, total = [], 0.0
    for d in PERIOD_DAYS:
        w = growth(d) * SEASON[d.month] * WEEKDAY[d.weekday()]
        if d.weekday() >= 5:
            w *= weekend_factor
        total += w
        cum.append(total)
    return cum


def pick_day(rng, cum):
    return PERIOD_DAYS[bisect.bisect_left(cum, rng.random() * cum[-1])]


def weighted(rng, options, weights):
    return rng.choices(options, weights=weights)[0]


class Fx:
    """Monthly rates, EUR per unit; the latest on or before a date, else the earliest."""

    def __init__(self, rng):
        self.series = {}
        for cur in FX_CURRENCIES:
            rate, series = FX_START[cur], []
            for _ in FX_MONTHS:
                series.append(round(rate, 6))
                rate = rate * (1 + rng.gauss(0, FX_MONTHLY_SIGMA[cur]))
                rate += (FX_START[cur] - rate) * 0.2
            self.series[cur] = series

    def rate(self, currency, d):
        if currency == "EUR":
            return 1.0
        i = (d.year - 2024) * 12 + d.month - 10
        series = self.series[currency]
        return series[max(0, min(len(series) - 1, i))]

    def to_local_cents(self, eur, currency, d, unit=None):
        """EUR converted to the currency, rounded to a whole `unit` of it."""
        if unit is None:
            unit = 10 if currency in ("EUR", "USD") else 100
        local = eur / self.rate(currency, d)
        return max(unit, int(round(local / unit)) * unit) * 100

    def to_eur(self, cents, currency, d):
        return cents / 100.0 * self.rate(currency, d)


# ----------------------------------------------------------------------------
# the entities (internal; written out as rows at the end)
# ----------------------------------------------------------------------------

class Rep:
    def __init__(self, team, region, role, hired_at):
        self.id = None
        self.team, self.region, self.role, self.hired_at = team, region, role, hired_at
        self.left_at = None
        self.successor = None
        self.manager = None
        self.no_deals = False
        self.expansion_hire = False
        self.full_name = self.email = None
        self.skill = self.speed = self.activity = self.bias = self.resp = 1.0

    @property
    def currency(self):
        return CURRENCY_BY_COUNTRY[self.region]

    def active(self, d):
        return self.hired_at <= d and (self.left_at is None or d < self.left_at)

    def active_days(self, month):
        """Days of the month the rep was employed."""
        last = next_month_start(month)
        first = max(month, self.hired_at)
        end = last if self.left_at is None else min(last, self.left_at)
        return max(0, (end - first).days)


class Account:
    def __init__(self):
        self.id = None
        self.spells = []  # customer spells: [start_date, end_date or None, [subs]]
        self.owners = []  # [(from_date, rep)], first from the account's creation


class Deal:
    def __init__(self):
        self.id = None
        self.lead = None
        self.path = []  # [(stage, entered_at)]
        self.closed_at = None
        self.amount = None  # cents in self.currency
        self.loss_reason = None
        self.reopened = False


class Lead:
    def __init__(self):
        self.id = None
        self.deal = None
        self.first_response_at = None
        self.converted_at = None


class Sub:
    def __init__(self):
        self.id = None
        self.deal = None
        self.spell = None


# ----------------------------------------------------------------------------
# names
# ----------------------------------------------------------------------------

FIRST_NAMES = [
    "Anna", "Erik", "Maja", "Lars", "Ingrid", "Johan", "Sofia", "Mikael", "Elin",
    "Anders", "Karin", "Henrik", "Sara", "Magnus", "Linnea", "Jonas", "Emma",
    "Oskar", "Ida", "Nils", "Frida", "Mats", "Hanna", "Olav", "Kari", "Sindre",
    "Ingeborg", "Mette", "Rasmus", "Freja", "Mads", "Signe", "Jens", "Aino",
    "Mikko", "Laura", "Juha", "Emilia", "Ville", "Helmi", "Tuomas", "Sanna",
]
LAST_NAMES = [
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson",
    "Olsson", "Persson", "Lindqvist", "Berg", "Hansen", "Johansen", "Olsen",
    "Larsen", "Andersen", "Pedersen", "Nielsen", "Jensen", "Christensen",
    "Sørensen", "Rasmussen", "Korhonen", "Virtanen", "Mäkinen", "Nieminen",
    "Mäkelä", "Hämäläinen", "Laine", "Heikkinen", "Lindberg", "Holm", "Dahl",
]
NAME_PREFIXES = [
    "Nord", "Fjell", "Sol", "Vik", "Berg", "Lund", "Sky", "Havs", "Granit",
    "Aurora", "Polar", "Ek", "Björk", "Gran", "Strand", "Ö", "Fjord", "Norr",
    "Sjö", "Ljus", "Koivu", "Järvi", "Tuuli", "Meri", "Kivi", "Havn", "Sø",
    "Skov", "Lyn", "Vind", "Frost", "Storm", "Nova", "Arktis", "Iris", "Tind",
]
NAME_ROOTS = [
    "tech", "data", "logistik", "bygg", "energi", "media", "finans", "vård",
    "sys", "tronic", "works", "kraft", "line", "soft", "analys", "frakt",
    "handel", "metall", "design", "consult", "lab", "net", "plast", "trä",
    "bio", "med", "trans", "teknik", "invest", "foods", "agro", "cloud", "hub",
    "mekanik", "optik", "el", "vision", "bank", "form", "print",
]
NAME_EXTRAS = ["Group", "Nordic", "Solutions", "Partners", "Holding", "Systems", "International"]
COMPANY_SUFFIX = {"SE": "AB", "NO": "AS", "DK": "A/S", "FI": "Oy"}
INDUSTRIES = ["Software", "Manufacturing", "Retail", "Financial Services",
              "Healthcare", "Logistics", "Energy", "Media", "Professional Services",
              "Public Sector", "Telecom", "Real Estate", "Construction", "Education"]
INDUSTRY_WEIGHTS = [16, 14, 10, 9, 7, 8, 5, 4, 10, 4, 4, 4, 3, 2]
ASCII_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "ø": "o", "æ": "ae",
                            "Å": "a", "Ä": "a", "Ö": "o", "Ø": "o", "Æ": "ae"})


def slug(text):
    text = text.translate(ASCII_FOLD).lower()
    return "".join(ch for ch in text if ch.isalnum())


# ----------------------------------------------------------------------------
# reference data
# ----------------------------------------------------------------------------

PRODUCTS = [  # name, product line, annual list price in EUR
    ("Sales Cloud Starter", "Sales Cloud", 4800),
    ("Sales Cloud Professional", "Sales Cloud", 14400),
    ("Sales Cloud Enterprise", "Sales Cloud", 48000),
    ("Pipeline Insights", "Revenue Intelligence", 7200),
    ("Forecasting AI", "Revenue Intelligence", 19200),
    ("Conversation Intelligence", "Revenue Intelligence", 12000),
    ("Campaign Studio", "Marketing Automation", 6000),
    ("Lead Scoring", "Marketing Automation", 3600),
    ("Premium Support", "Customer Success", 2400),
    ("Success Plans", "Customer Success", 9600),
]
PRODUCT_WEIGHTS = {
    "smb": [30, 10, 0, 8, 0, 4, 20, 18, 6, 4],
    "mid_market": [6, 25, 3, 12, 8, 10, 12, 8, 6, 6],
    "enterprise": [0, 10, 30, 4, 20, 15, 8, 0, 5, 12],
}
DEAL_SIZE = {"smb": (0.8, 1.6), "mid_market": (1.4, 3.2), "enterprise": (2.5, 6.5)}
LINE_WIN = {"Sales Cloud": 1.0, "Revenue Intelligence": 0.75,
            "Marketing Automation": 1.1, "Customer Success": 1.4}

DEFAULT_CHANNELS = ["website", "webinar", "paid_search", "social", "content",
                    "event", "referral", "partner", "cold_call", "cold_email"]
# leads outside campaigns: channel -> weight (None = no channel recorded)
LEAD_CHANNEL_WEIGHTS = [
    ("website", 26), ("organic_search", 5), ("direct_traffic", 4), ("display", 1),
    ("paid_search", 8), ("social", 6), ("content", 8), ("webinar", 2), ("event", 3),
    ("referral", 8), ("partner", 7), ("cold_call", 10), ("cold_email", 8), (None, 4),
]
CONVERSION = {
    "referral": 0.25, "partner": 0.20, "event": 0.15, "webinar": 0.13, "website": 0.12,
    "organic_search": 0.12, "direct_traffic": 0.10, "content": 0.08,
    "paid_search": 0.09, "social": 0.06, "display": 0.04, "cold_call": 0.14,
    "cold_email": 0.06, None: 0.07,
}
ACCOUNT_SHARE = {"cold_call": 1.0, "cold_email": 1.0, "partner": 0.85,
                 "referral": 0.85, "event": 0.75, "webinar": 0.65}
CAMPAIGN_CHANNELS = [("webinar", 8), ("event", 5), ("paid_search", 6), ("social", 6),
                     ("content", 5), ("cold_email", 3), ("partner", 2), ("referral", 1)]
CAMPAIGN_BUDGET_EUR = {"webinar": (3000, 8000), "event": (15000, 60000),
                       "paid_search": (10000, 40000), "social": (8000, 25000),
                       "content": (5000, 20000), "cold_email": (2000, 6000),
                       "partner": (10000, 30000), "referral": (5000, 15000)}
COST_PER_LEAD_EUR = {"webinar": 45, "event": 130, "paid_search": 95, "social": 85,
                     "content": 65, "cold_email": 25, "partner": 160, "referral": 220}
CAMPAIGN_TOPICS = ["Forecasting for Revenue Leaders", "Pipeline Hygiene",
                   "AI in Sales", "Nordic SaaS Summit", "Quota Planning",
                   "Customer Expansion", "RevOps Playbook", "Win More Deals",
                   "Marketing Attribution", "Sales Kickoff", "Data-driven Selling"]
# Always-on marketing spend per month (EUR at scale 1), on top of campaigns.
MARKETING_BASELINE_EUR = {"website": 20000, "paid_search": 30000, "social": 15000,
                          "content": 17500, "webinar": 3000, "referral": 7500,
                          "partner": 10000}
# Sales cost per month = this x the reps' loaded salaries (the SDRs, sales
# engineers and sales ops behind them) + 10 % commission on won deals.
SALES_SUPPORT_FACTOR = 1.8
WEB_CHANNELS = [("website", 900), ("paid_search", 350), ("social", 220),
                ("content", 300), ("referral", 70)]

STAGE_MEDIAN_DAYS = [14, 16, 20, 19, 15]
ADVANCE_P = [0.55, 0.65, 0.70, 0.75, 0.72]  # move on from each open stage (last: win)
SKIP_P = 0.13
SEGMENT_SPEED = {"smb": 0.6, "mid_market": 1.0, "enterprise": 1.8}
SEGMENT_WIN = {"smb": 1.1, "mid_market": 1.0, "enterprise": 0.85}
TYPE_WIN = {"new_business": 1.0, "upsell": 1.5, "cross_sell": 1.3}
ACCOUNT_ACTIVITY = {"smb": 0.5, "mid_market": 0.8, "enterprise": 1.0}
CHURN_HAZARD = {"smb": 0.02, "mid_market": 0.012, "enterprise": 0.007}
LOSS_REASONS = ["price", "competitor", "no_decision", "timing", "no_budget",
                "missing_feature"]
LOSS_WEIGHTS = [22, 25, 20, 13, 12, 8]

TEAMS = [  # name, manager's region, IC regions (cycled), ICs at scale 1
    ("Nordic Enterprise", "SE", ["SE", "NO", "DK", "FI"], 4),
    ("Sweden Mid-Market", "SE", ["SE"], 6),
    ("Norway & Denmark", "NO", ["NO", "DK"], 5),
    ("Finland", "FI", ["FI"], 2),
]
TEAM_BY_COUNTRY = {"SE": "Sweden Mid-Market", "NO": "Norway & Denmark",
                   "DK": "Norway & Denmark", "FI": "Finland"}


def scaled(n, scale, minimum=1):
    return max(minimum, int(round(n * scale)))


# ----------------------------------------------------------------------------
# the generator
# ----------------------------------------------------------------------------

class World:
    """Builds every table from one random.Random, entity by entity, in time order."""

    def __init__(self, seed, scale):
        self.rng = random.Random(seed)
        self.scale = scale
        self.fx = Fx(self.rng)
        self.reps, self.accounts, self.campaigns, self.leads = [], [], [], []
        self.deals, self.subs, self.activities, self.invoices = [], [], [], []
        self.quotas, self.forecasts, self.costs, self.web, self.nps = [], [], [], [], []
        self.surveys = []
        self.lead_days = day_sampler(weekend_factor=1.0)
        self.work_days = day_sampler(weekend_factor=0.05)
        self.events = []  # heap of deal-creation events
        self.event_seq = 0
        self.boundary_closes = 0
        self.reopened = 0

    def build(self):
        self.make_reps()
        self.make_products()
        self.make_accounts()
        self.make_legacy_customers()
        self.make_campaigns()
        self.make_leads()
        self.make_deals()
        self.make_renewals()
        self.finish_deals()
        self.make_activities()
        self.make_invoices()
        self.make_quotas_and_forecasts()
        self.make_costs()
        self.make_web_traffic()
        self.make_nps()
        self.make_employee_surveys()
        return self.tables()

    # -- reps ---------------------------------------------------------------

    def new_rep(self, team, region, role, hired_at):
        rng = self.rng
        rep = Rep(team, region, role, hired_at)
        rep.skill = 1.1 if role == "manager" else rng.uniform(0.7, 1.4)
        rep.speed = rng.uniform(0.85, 1.2)
        rep.activity = rng.uniform(0.6, 1.5)
        rep.bias = rng.uniform(-0.25, 0.35)
        rep.resp = rng.uniform(0.4, 2.5)
        rep.call_pref = rng.uniform(0.7, 1.4)
        self.reps.append(rep)
        return rep

    def make_reps(self):
        rng, scale = self.rng, self.scale
        teams = {}
        for name, manager_region, regions, n_ics in TEAMS:
            manager = self.new_rep(name, manager_region, "manager",
                                   date(2016, 1, 1) + timedelta(days=rng.randint(0, 2000)))
            ics = []
            for i in range(scaled(n_ics, scale)):
                hired = date(2018, 1, 1) + timedelta(days=rng.randint(0, 2430))
                ics.append(self.new_rep(name, regions[i % len(regions)], "ic", hired))
            teams[name] = (manager, ics)
        # leavers (each hands over to a successor hired shortly before)
        order = ["Sweden Mid-Market", "Norway & Denmark", "Nordic Enterprise", "Finland"]
        candidates = []
        for k in range(max(len(ics) for _, ics in teams.values())):
            for name in order:
                if k < len(teams[name][1]):
                    candidates.append(teams[name][1][k])
        fixed_dates = [date(2025, 6, 1), date(2026, 2, 16)]
        for k in range(min(len(candidates), scaled(2, scale, 2))):
            leaver = candidates[k]
            leaver.left_at = (fixed_dates[k] if k < len(fixed_dates)
                              else date(2025, 2, 1) + timedelta(days=rng.randint(0, 570)))
            successor = self.new_rep(leaver.team, leaver.region, "ic",
                                     leaver.left_at - timedelta(days=rng.randint(0, 21)))
            leaver.successor = successor
        # growth hires: new accounts are routed to them
        for k in range(scaled(1, scale)):
            name = order[(3 + k) % len(order)]
            hired = date(2025, 9, 1) if k == 0 else date(2025, 3, 1) + timedelta(days=rng.randint(0, 450))
            rep = self.new_rep(name, teams[name][1][0].region, "ic", hired)
            rep.expansion_hire = True
        # a rep who starts in the last month: leads and activities, no deals yet
        ramp = self.new_rep("Sweden Mid-Market", "SE", "ic", date(2026, 10, 1))
        ramp.no_deals = True

        used = set()
        for i, rep in enumerate(self.reps, start=1):
            rep.id = make_id("reps", i)
            rep.manager = None if rep.role == "manager" else teams[rep.team][0]
            for attempt in range(100):
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                name = f"{first} {last}" if attempt < 50 else f"{first} {chr(65 + attempt % 26)}. {last}"
                if name not in used:
                    break
            used.add(name)
            rep.full_name = name
            rep.email = f"{slug(first)}.{slug(last)}{'' if attempt < 50 else attempt}@nordlys-sales.example"
            changed = max(rep.hired_at, rep.left_at or rep.hired_at, date(2024, 10, 1))
            rep.updated_at = min(LAST, business_time(rng, changed + timedelta(days=rng.randint(0, 20))))
        self.team_members = {name: [r for r in self.reps if r.team == name] for name, *_ in TEAMS}
        self.route_pools = {}

    def team_reps(self, team):
        return self.team_members[team]

    # -- products -----------------------------------------------------------

    def make_products(self):
        self.products = []
        for i, (name, line, price) in enumerate(PRODUCTS, start=1):
            self.products.append({
                "id": make_id("products", i), "name": name, "line": line,
                "price_cents": price * 100,
                "updated_at": business_time(self.rng, date(2024, 9, 2) + timedelta(days=i * 3)),
            })

    def pick_product(self, segment, exclude_lines=(), same_line=None):
        options = []
        for product, weight in zip(self.products, PRODUCT_WEIGHTS[segment]):
            if product["line"] in exclude_lines:
                continue
            if same_line is not None and product["line"] != same_line:
                continue
            options.append((product, weight + 1))
        if not options:
            options = [(p, 1) for p in self.products]
        return weighted(self.rng, [p for p, _ in options], [w for _, w in options])

    def deal_value_eur(self, product, segment, factor=1.0):
        low, high = DEAL_SIZE[segment]
        discount = self.rng.uniform(0.0, 0.25)
        return product["price_cents"] / 100.0 * self.rng.uniform(low, high) * (1 - discount) * factor

    # -- accounts -----------------------------------------------------------

    def make_accounts(self):
        rng = self.rng
        n = scaled(3000, self.scale, 40)
        names = set()
        accounts = []
        for _ in range(n):
            a = Account()
            a.country = weighted(rng, ["SE", "NO", "DK", "FI"], [40, 22, 20, 18])
            a.segment = weighted(rng, ["smb", "mid_market", "enterprise"], [55, 33, 12])
            a.industry = weighted(rng, INDUSTRIES, INDUSTRY_WEIGHTS)
            a.currency = CURRENCY_BY_COUNTRY[a.country]
            if a.segment == "enterprise" and rng.random() < 0.04:
                a.currency = "USD"
            if rng.random() < 0.45:
                day = date(2018, 1, 1) + timedelta(days=rng.randint(0, (START_DATE - date(2018, 1, 1)).days - 1))
            else:
                day = pick_day(rng, self.work_days)
            a.created_at = business_time(rng, day)
            base = rng.choice(NAME_PREFIXES) + rng.choice(NAME_ROOTS)
            extra, k = "", 0
            while True:
                name = f"{base}{extra} {COMPANY_SUFFIX[a.country]}"
                if name not in names:
                    break
                k += 1
                extra = " " + NAME_EXTRAS[k - 1] if k <= len(NAME_EXTRAS) else f" {k - len(NAME_EXTRAS) + 1}"
            names.add(name)
            a.name = name
            a.domain = slug(base + extra)
            accounts.append(a)
        accounts.sort(key=lambda a: (a.created_at, a.name))
        for i, a in enumerate(accounts, start=1):
            a.id = make_id("accounts", i)
            a.team = "Nordic Enterprise" if a.segment == "enterprise" else TEAM_BY_COUNTRY[a.country]
            created = a.created_at.date()
            eligible = []
            for rep in self.team_reps(a.team):
                if rep.no_deals or rep.hired_at > max(created, START_DATE):
                    continue
                if rep.left_at is not None and rep.left_at <= created:
                    continue
                eligible.append(rep)
            same_region = [r for r in eligible if r.region == a.country]
            pool = same_region or eligible
            weights = [0.35 if r.role == "manager" else (3.0 if r.expansion_hire else 1.0)
                       for r in pool]
            owner = weighted(rng, pool, weights)
            # a growth hire takes over part of the region's accounts on day one
            takeover = None
            for rep in self.team_reps(a.team):
                if rep.expansion_hire and rep.hired_at > created and rep.region == a.country \
                        and rng.random() < 0.2:
                    takeover = rep
            a.owners = [(created, owner)]
            while True:
                changes = []
                if owner.left_at is not None:
                    changes.append((owner.left_at, 0, owner.successor))
                if takeover is not None and takeover.hired_at > a.owners[-1][0] and owner.role != "manager":
                    changes.append((takeover.hired_at, 1, takeover))
                if not changes:
                    break
                since, _, owner = min(changes, key=lambda c: (c[0], c[1]))
                a.owners.append((since, owner))
        self.accounts = accounts
        self.account_created = [a.created_at for a in accounts]
        # one account owned by a CRM user that was deleted (dangling on purpose)
        self.orphan_account = accounts[rng.randrange(len(accounts) // 3)]

    def owner_at(self, account, t):
        d = t.date() if isinstance(t, datetime) else t
        owner = account.owners[0][1]
        for since, rep in account.owners:
            if since <= d:
                owner = rep
        return owner

    def pick_account(self, t):
        """An account that exists at t; bigger companies buy (and enquire) more."""
        k = max(1, bisect.bisect_right(self.account_created, t))
        for _ in range(10):
            account = self.accounts[self.rng.randrange(k)]
            if self.rng.random() < ACCOUNT_ACTIVITY[account.segment]:
                break
        return account

    def route_lead(self, country, t):
        """The rep who gets a lead without an account: a rep of the country's team."""
        d = t.date()
        if (country, d) not in self.route_pools:
            pool = [r for r in self.team_reps(TEAM_BY_COUNTRY[country]) if r.active(d)]
            weights = []
            for r in pool:
                w = 0.3 if r.role == "manager" else 1.0
                if r.no_deals:
                    w = 4.0
                if r.region != country:
                    w *= 0.3
                weights.append(w)
            self.route_pools[(country, d)] = (pool, weights)
        pool, weights = self.route_pools[(country, d)]
        return weighted(self.rng, pool, weights)

    # -- customers: spells of subscriptions ---------------------------------

    def draw_churn(self, start, segment, min_months=3):
        """First inactive day of a customer who became one on `start`, or None."""
        rng = self.rng
        h = CHURN_HAZARD[segment]
        months = min_months + int(math.log(1.0 - rng.random()) / math.log(1.0 - h))
        end = add_months(start, months) + timedelta(days=rng.randint(0, 27))
        if rng.random() < 0.5:
            end = next_month_start(end)
        if end <= start:
            end = start + timedelta(days=1)
        if end > END_DATE:
            # a customer who has given notice: a known end in the near future
            if end < date(2027, 2, 1) and rng.random() < 0.3:
                return end
            return None
        return end

    def is_customer(self, account, d):
        for start, end, _ in account.spells:
            if start <= d and (end is None or d < end):
                return True
        return False

    def had_spell_before(self, account, d):
        return any(end is not None and end <= d for _, end, _ in account.spells)

    def attach_subscription(self, account, sub, deal_created):
        """Adds sub to the customer spell it falls in, extending or opening one."""
        start = sub.started_at
        for spell in account.spells:
            if spell[0] <= start and (spell[1] is None or start < spell[1]):
                break
        else:
            spell = None
            for candidate in account.spells:
                # a deal created while the account was a customer, starting after it churned
                if candidate[0] <= deal_created and candidate[1] is not None \
                        and deal_created < candidate[1] <= start:
                    spell = candidate
                    spell[1] = self.draw_churn(start, account.segment)
                    self.schedule_winback(account, spell)
                    break
            if spell is None:
                spell = [start, self.draw_churn(start, account.segment), []]
                account.spells.append(spell)
                self.schedule_winback(account, spell)
        spell[2].append(sub)
        sub.spell = spell
        self.merge_spells(account)

    def merge_spells(self, account):
        spells = sorted(account.spells, key=lambda s: s[0])
        merged = [spells[0]]
        for spell in spells[1:]:
            last = merged[-1]
            if last[1] is None or spell[0] < last[1]:
                if last[1] is not None and (spell[1] is None or spell[1] > last[1]):
                    last[1] = spell[1]
                for sub in spell[2]:
                    sub.spell = last
                    last[2].append(sub)
            else:
                merged.append(spell)
        account.spells = merged

    def schedule_winback(self, account, spell):
        end = spell[1]
        if end is None or end > END_DATE - timedelta(days=90):
            return
        if self.rng.random() < 0.2:
            t = business_time(self.rng, end + timedelta(days=self.rng.randint(60, 240)))
            if t <= LAST:
                self.push_event(t, "winback", account)

    def new_subscription(self, account, product, started_at, mrr_cents, deal=None):
        sub = Sub()
        sub.account, sub.product, sub.started_at = account, product, started_at
        sub.mrr = mrr_cents
        sub.currency = account.currency
        sub.deal = deal
        sub.monthly_billing = self.rng.random() < {"smb": 0.85, "mid_market": 0.4,
                                                   "enterprise": 0.15}[account.segment]
        self.subs.append(sub)
        return sub

    def add_former_customer(self, account):
        """A customer before the period who churned before go-live."""
        rng = self.rng
        first_day = max(account.created_at.date() + timedelta(days=20), date(2020, 1, 1))
        latest_start = START_DATE - timedelta(days=120)
        if first_day >= latest_start:
            return
        start = first_day + timedelta(days=rng.randint(0, (latest_start - first_day).days - 1))
        end = add_months(start, rng.randint(3, 36)) + timedelta(days=rng.randint(0, 27))
        if rng.random() < 0.5:
            end = next_month_start(end)
        if end >= START_DATE:
            end = START_DATE - timedelta(days=rng.randint(1, 90))
        if end <= start:
            return
        product = self.pick_product(account.segment)
        local = self.fx.to_local_cents(self.deal_value_eur(product, account.segment),
                                       account.currency, START_DATE)
        sub = self.new_subscription(account, product, start, int(round(local / 12.0)))
        spell = [start, end, [sub]]
        account.spells.append(spell)
        sub.spell = spell

    def make_legacy_customers(self):
        """Customers from before the period: subscriptions without a deal."""
        rng = self.rng
        old = [a for a in self.accounts if a.created_at < PERIOD_START]
        for a in old:
            if rng.random() >= 0.22:
                if rng.random() < 0.12:
                    self.add_former_customer(a)
                continue
            first_day = max(a.created_at.date() + timedelta(days=20), date(2020, 1, 1))
            if first_day >= START_DATE:
                continue
            lines = []
            for k in range(2 if rng.random() < 0.15 else 1):
                start = first_day + timedelta(days=rng.randint(0, (START_DATE - first_day).days - 1))
                product = self.pick_product(a.segment, exclude_lines=lines)
                lines.append(product["line"])
                local = self.fx.to_local_cents(self.deal_value_eur(product, a.segment), a.currency, START_DATE)
                sub = self.new_subscription(a, product, start, int(round(local / 12.0)))
                if not a.spells:
                    a.spells.append([start, None, []])
                spell = a.spells[0]
                spell[0] = min(spell[0], start)
                spell[2].append(sub)
                sub.spell = spell
            spell = a.spells[0]
            spell[1] = self.draw_churn(START_DATE, a.segment, min_months=0)
            self.schedule_winback(a, spell)

    # -- campaigns ----------------------------------------------------------

    def make_campaigns(self):
        rng, fx = self.rng, self.fx
        first = date(2024, 9, 2)
        for i in range(scaled(36, self.scale, 3)):
            c = {}
            channel = weighted(rng, [ch for ch, _ in CAMPAIGN_CHANNELS], [w for _, w in CAMPAIGN_CHANNELS])
            start = first + timedelta(days=rng.randint(0, (date(2026, 10, 15) - first).days))
            if channel == "webinar":
                end = start
            elif channel == "event":
                end = start + timedelta(days=rng.randint(0, 2))
            elif channel in ("paid_search", "social"):
                end = start + timedelta(days=rng.randint(30, 90))
            elif channel == "content":
                end = None if rng.random() < 0.2 else start + timedelta(days=rng.randint(60, 180))
            elif channel == "cold_email":
                end = start + timedelta(days=rng.randint(21, 60))
            elif channel == "partner":
                end = None if rng.random() < 0.3 else start + timedelta(days=rng.randint(90, 365))
            else:
                end = None
            if end is not None and end > END_DATE:
                end = None  # still running
            market = weighted(rng, ["EUR", "SEK", "NOK", "DKK"], [60, 20, 10, 10])
            low, high = CAMPAIGN_BUDGET_EUR[channel]
            budget_eur = rng.uniform(low, high)
            unit = 100 if market == "EUR" else 1000
            c["budget"] = fx.to_local_cents(budget_eur, market, start, unit=unit)
            c["budget_eur"] = fx.to_eur(c["budget"], market, start)
            c["currency"] = market
            c["channel"], c["started_at"], c["ended_at"] = channel, start, end
            quarter = f"Q{(start.month - 1) // 3 + 1} {start.year}"
            label = {"cold_email": "Outbound Sequence", "paid_search": "Search Ads",
                     "social": "Social Ads"}.get(channel, channel.capitalize())
            c["name"] = f"{quarter} {label}: {rng.choice(CAMPAIGN_TOPICS)}"
            c["updated_at"] = min(LAST, business_time(rng, (end or start) + timedelta(days=rng.randint(0, 20))))
            self.campaigns.append(c)
        self.campaigns.sort(key=lambda c: (c["started_at"], c["name"]))
        for i, c in enumerate(self.campaigns, start=1):
            c["id"] = make_id("campaigns", i)

    # -- leads --------------------------------------------------------------

    def make_leads(self):
        rng = self.rng
        plans = []  # (created_at, channel, campaign)
        for c in self.campaigns:
            n = int(round(c["budget_eur"] / COST_PER_LEAD_EUR[c["channel"]] * rng.uniform(0.7, 1.3)))
            last = c["ended_at"] or END_DATE
            for _ in range(n):
                if c["channel"] in ("webinar", "event"):
                    day = c["started_at"] + timedelta(days=rng.randint(-21, 3))
                else:
                    day = c["started_at"] + timedelta(days=rng.randint(0, (last - c["started_at"]).days))
                if START_DATE <= day <= END_DATE:
                    plans.append((self.lead_time(day), c["channel"], c))
        target = scaled(20000, self.scale, 50)
        rest = max(target - len(plans), int(0.4 * target))
        channels = [ch for ch, _ in LEAD_CHANNEL_WEIGHTS]
        weights = [w for _, w in LEAD_CHANNEL_WEIGHTS]
        for _ in range(rest):
            day = pick_day(rng, self.lead_days)
            plans.append((self.lead_time(day), weighted(rng, channels, weights), None))
        for created, channel, campaign in plans:
            self.leads.append(self.new_lead(created, channel, campaign))
        self.leads.sort(key=lambda lead: (lead.created_at, lead.email))
        for i, lead in enumerate(self.leads, start=1):
            lead.id = make_id("leads", i)

    def lead_time(self, day):
        rng = self.rng
        if rng.random() < 0.75:
            return business_time(rng, day)
        return datetime(day.year, day.month, day.day, rng.randrange(24), rng.randrange(60), rng.randrange(60))

    def new_lead(self, created, channel, campaign):
        rng = self.rng
        lead = Lead()
        lead.created_at, lead.channel, lead.campaign = created, channel, campaign
        lead.origin = "sales" if channel in ("cold_call", "cold_email") else "marketing"
        converts = rng.random() < CONVERSION[channel]
        if converts or rng.random() < ACCOUNT_SHARE.get(channel, 0.5):
            lead.account = self.pick_account(created)
            lead.owner = self.owner_at(lead.account, created)
            lead.country = lead.account.country
        else:
            lead.account = None
            lead.country = weighted(rng, ["SE", "NO", "DK", "FI"], [40, 22, 20, 18])
            lead.owner = self.route_lead(lead.country, created)
        if lead.owner.no_deals:
            converts = False
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        if lead.account is not None:
            lead.email = f"{slug(first)}.{slug(last)}@{lead.account.domain}.example"
        else:
            lead.email = f"{slug(first)}.{slug(last)}{rng.randint(1, 99)}@{rng.choice(['mail', 'inbox', 'posten', 'webmail'])}.example"
        if converts or rng.random() >= 0.10:
            u = rng.random()
            if u < 0.45:
                minutes = rng.expovariate(1 / 15.0) * lead.owner.resp + 1
            elif u < 0.80:
                minutes = rng.uniform(60, 480) * lead.owner.resp
            elif u < 0.95:
                minutes = rng.uniform(8 * 60, 48 * 60)
            else:
                minutes = rng.uniform(2 * 1440, 6 * 1440)
            first_response = created + timedelta(seconds=int(minutes * 60))
            if first_response <= LAST:
                lead.first_response_at = first_response
        if converts and lead.first_response_at is not None:
            converted = lead.first_response_at + timedelta(
                seconds=max(600, int(rng.lognormvariate(math.log(5.0), 0.9) * 86400)))
            if converted <= LAST - timedelta(hours=1):
                lead.converted_at = converted
        age = (LAST - created).days
        if lead.converted_at is not None:
            lead.status = "converted"
            lead.updated_at = lead.converted_at + timedelta(seconds=rng.randint(0, 600))
        elif lead.first_response_at is None:
            lead.status = "disqualified" if age > 30 and rng.random() < 0.6 else "new"
            lead.updated_at = created + timedelta(days=rng.uniform(10, 40) if lead.status == "disqualified" else 0,
                                                  seconds=rng.randint(0, 3600))
        else:
            if converts:  # answered, would have converted after the period
                lead.status = "qualified"
            elif age > 60:
                lead.status = weighted(rng, ["disqualified", "working", "qualified"], [75, 13, 12])
            else:
                lead.status = weighted(rng, ["working", "qualified", "disqualified"], [55, 25, 20])
            extra = rng.uniform(2, 45) if lead.status == "disqualified" else rng.uniform(0, 3)
            lead.updated_at = lead.first_response_at + timedelta(seconds=int(extra * 86400))
        lead.updated_at = clip(lead.updated_at.replace(microsecond=0), created, LAST)
        if lead.converted_at is not None:
            self.push_event(lead.converted_at, "lead", lead)
        return lead

    # -- deals --------------------------------------------------------------

    def push_event(self, t, kind, payload):
        self.event_seq += 1
        heapq.heappush(self.events, (t, self.event_seq, kind, payload))

    def make_deals(self):
        """Deals in creation order, so each sees who is a customer at that moment."""
        rng = self.rng
        # the open pipeline imported when the CRM went live
        for _ in range(scaled(220, self.scale)):
            stage = weighted(rng, [0, 1, 2, 3, 4], [30, 25, 20, 15, 10])
            self.push_event(PERIOD_START, "import", stage)
        n_outbound = scaled(450, self.scale)
        for k in range(n_outbound):
            day = pick_day(rng, self.work_days)
            t = business_time(rng, day)
            if k < 3:  # created by a bulk import at midnight on the 1st
                t = at_midnight(month_start(day))
            self.push_event(t, "outbound", None)
        while self.events:
            t, _, kind, payload = heapq.heappop(self.events)
            if kind == "lead":
                self.open_deal(t, payload.account, payload, start_stage=weighted(rng, [0, 1, 2], [60, 35, 5]))
            elif kind == "import":
                self.open_deal(t, self.pick_account(t), None, start_stage=payload, migrated=True)
            elif kind == "outbound":
                self.open_deal(t, self.pick_account(t), None, start_stage=0 if rng.random() < 0.9 else 1)
            elif kind == "winback":
                if not self.is_customer(payload, t.date()):
                    self.open_deal(t, payload, None, start_stage=1, win_factor=1.4)

    def owners_over(self, account, created, end):
        """(first owner, final owner, handover instant or None) of a deal."""
        first = self.owner_at(account, created)
        if first.left_at is not None and first.left_at <= end.date():
            final = first
            while final.left_at is not None and final.left_at <= end.date():
                final = final.successor
            return first, final, at_midnight(first.left_at)
        return first, first, None

    def open_deal(self, t, account, lead, start_stage, win_factor=1.0, migrated=False):
        rng = self.rng
        deal = Deal()
        deal.account, deal.lead, deal.created_at = account, lead, t
        d = t.date()
        customer = self.is_customer(account, d)
        if customer:
            deal.type = "upsell" if rng.random() < 0.55 else "cross_sell"
            owned = [s for s in self.subs_of(account, d)]
            if deal.type == "upsell" and owned:
                deal.product = self.pick_product(account.segment, same_line=owned[0].product["line"])
                value = self.deal_value_eur(deal.product, account.segment, 0.5)
            else:
                deal.product = self.pick_product(account.segment, exclude_lines=[s.product["line"] for s in owned])
                value = self.deal_value_eur(deal.product, account.segment)
        else:
            deal.type = "new_business"
            deal.product = self.pick_product(account.segment)
            value = self.deal_value_eur(deal.product, account.segment)
        deal.currency = account.currency
        deal.amount = self.fx.to_local_cents(value, deal.currency, d)
        owner = self.owner_at(account, t)
        m_win = (owner.skill * LINE_WIN[deal.product["line"]] * SEGMENT_WIN[account.segment]
                 * TYPE_WIN[deal.type] * win_factor)
        if lead is not None and lead.channel in ("referral", "partner"):
            m_win *= 1.2
        speed = SEGMENT_SPEED[account.segment] * owner.speed
        outcome, close = self.simulate(deal.path, t, start_stage, m_win, speed)
        if outcome == "lost" and self.reopened < scaled(5, self.scale, 2) \
                and close <= LAST - timedelta(days=150) and rng.random() < 0.04:
            reopen_day = next_month_start(close.date()) + timedelta(days=rng.randint(3, 60))
            deal.reopened = True
            self.reopened += 1
            outcome, close = self.simulate(deal.path, business_time(rng, reopen_day),
                                           rng.choice([2, 3]), m_win * 1.3, speed)
        if close is not None:
            close = self.adjust_close(close, deal.path[-2][1])
            deal.path[-1] = (deal.path[-1][0], close)
        deal.outcome, deal.closed_at = outcome, close
        deal.planned_days = sum(STAGE_MEDIAN_DAYS[start_stage:]) * speed * rng.uniform(0.7, 1.3)
        deal.speed = speed
        if migrated:
            self.migrate_history(deal, start_stage, speed)
        self.register_deal(deal, lead)
        if outcome == "won":
            self.start_subscription(deal)
        return deal

    def migrate_history(self, deal, stage, speed):
        """A deal open at go-live keeps what the old CRM knew: its real creation
        date and the stages it went through before PERIOD_START (no skips)."""
        rng = self.rng
        entered = PERIOD_START - timedelta(days=rng.uniform(0.1, 1.0) * STAGE_MEDIAN_DAYS[stage] * speed)
        times = [entered]
        for i in range(stage - 1, -1, -1):
            days = rng.lognormvariate(math.log(STAGE_MEDIAN_DAYS[i] * speed), 0.55)
            times.insert(0, times[0] - timedelta(days=days))
        # not before the account existed, nor before its customer status last
        # changed (the deal's type was decided by its status at go-live)
        changes = [at_midnight(day) for spell in deal.account.spells for day in spell[:2]
                   if day is not None and day <= START_DATE]
        earliest = max([deal.account.created_at] + changes) + timedelta(days=1)
        if earliest >= entered:
            return  # no time before go-live to put it in: created at go-live
        if times[0] < earliest:  # compress into the time allowed
            factor = (entered - earliest) / (entered - times[0])
            times = [earliest + (t - times[0]) * factor for t in times]
        times = [t.replace(microsecond=0) for t in times]
        deal.path = [(OPEN_STAGES[i], t) for i, t in enumerate(times)] + deal.path[1:]
        deal.created_at = times[0]

    def subs_of(self, account, d):
        return [s for spell in account.spells if spell[0] <= d and (spell[1] is None or d < spell[1])
                for s in spell[2] if s.started_at <= d]

    def register_deal(self, deal, lead):
        end = deal.closed_at or LAST
        deal.owner, deal.final_owner, deal.handover = self.owners_over(deal.account, deal.created_at, end)
        if deal.outcome == "lost":
            deal.loss_reason = weighted(self.rng, LOSS_REASONS, LOSS_WEIGHTS)
        if lead is not None:
            lead.deal = deal
        self.deals.append(deal)

    def simulate(self, path, t, i, m_win, speed):
        """Moves a deal forward from stage i at t; appends to path; returns (outcome, close)."""
        rng = self.rng
        path.append((OPEN_STAGES[i], t))
        while True:
            days = rng.lognormvariate(math.log(STAGE_MEDIAN_DAYS[i] * speed), 0.55)
            if rng.random() < 0.04:
                days *= 4  # stalled
            if rng.random() < ADVANCE_P[i] ** (1.0 / m_win):
                nxt = plus_days(t, days)
                if nxt > LAST:
                    return "open", None
                if i == 4:
                    path.append((WON, nxt))
                    return "won", nxt
                i += 2 if (i <= 2 and rng.random() < SKIP_P) else 1
                t = nxt
                path.append((OPEN_STAGES[i], t))
            else:
                nxt = plus_days(t, days * rng.uniform(0.8, 2.2))
                if nxt > LAST:
                    return "open", None
                path.append((LOST, nxt))
                return "lost", nxt

    def adjust_close(self, close, previous):
        """Quarter-end push, July slump and a few closes at exactly 00:00 on the 1st."""
        rng = self.rng
        d = close.date()
        if d.month in (1, 4, 7, 10) and d.day <= 12 and rng.random() < 0.35:
            pulled = business_time(rng, month_start(d) - timedelta(days=rng.randint(1, 4)))
            if pulled > previous:
                close = pulled
        elif d.month == 7 and rng.random() < 0.45:
            pushed = close + timedelta(days=rng.randint(20, 40))
            if pushed <= LAST:
                close = pushed
        boundary = at_midnight(next_month_start(close.date()))
        if (boundary - close) <= timedelta(days=2) and boundary <= LAST and boundary > previous \
                and self.boundary_closes < scaled(4, self.scale, 3) and rng.random() < 0.1:
            self.boundary_closes += 1
            close = boundary
        return close

    def start_subscription(self, deal):
        rng = self.rng
        close_day = deal.closed_at.date()
        if rng.random() < 0.4:
            start = next_month_start(close_day)
        else:
            start = close_day + timedelta(days=rng.randint(0, 14))
        start = max(close_day, min(start, END_DATE))
        sub = self.new_subscription(deal.account, deal.product, start,
                                    int(round(deal.amount / 12.0)), deal)
        self.attach_subscription(deal.account, sub, max(deal.created_at, PERIOD_START).date())

    def forced_path(self, deal, start_idx, end_idx, close, outcome):
        """Stage rows from start_idx to end_idx spread over created..close, then the close."""
        rng = self.rng
        stages = OPEN_STAGES[start_idx:end_idx + 1]
        span = int((close - deal.created_at).total_seconds())
        cuts = sorted(rng.randint(int(span * 0.05), int(span * 0.9)) for _ in stages[1:])
        path, last = [(stages[0], deal.created_at)], deal.created_at
        for stage, cut in zip(stages[1:], cuts):
            t = max(deal.created_at + timedelta(seconds=cut), last + timedelta(seconds=60))
            path.append((stage, t))
            last = t
        path.append((WON if outcome == "won" else LOST, max(close, last + timedelta(seconds=60))))
        return path

    def make_renewals(self):
        """Renewal deals: won at contract anniversaries, lost just before a churn."""
        rng = self.rng
        for account in self.accounts:
            for spell in account.spells:
                start, end, subs = spell
                if end is not None and START_DATE + timedelta(days=40) < end <= END_DATE and rng.random() < 0.5:
                    close = business_time(rng, end - timedelta(days=rng.randint(2, 25)))
                    self.renewal(account, spell, close, "lost")
                k = 1
                while True:
                    anniversary = add_months(start, 12 * k)
                    k += 1
                    if anniversary > END_DATE:
                        break
                    if anniversary < START_DATE + timedelta(days=60):
                        continue
                    if end is not None and anniversary > end - timedelta(days=60):
                        break
                    if rng.random() < 0.22:
                        close = business_time(rng, anniversary - timedelta(days=rng.randint(1, 20)))
                        self.renewal(account, spell, close, "won")

    def renewal(self, account, spell, close, outcome):
        rng = self.rng
        created = business_time(rng, (close - timedelta(days=rng.randint(25, 80))).date())
        if created < max(PERIOD_START, at_midnight(spell[0])) or close > LAST or created >= close:
            return
        active = [s for s in spell[2] if s.started_at <= close.date()]
        if not active:
            return
        deal = Deal()
        deal.account, deal.created_at, deal.type = account, created, "renewal"
        deal.product = active[0].product
        deal.currency = account.currency
        deal.amount = sum(s.mrr for s in active) * 12
        end_idx = 4 if outcome == "won" else rng.choice([2, 3, 4])
        deal.path = self.forced_path(deal, rng.choice([1, 2]), end_idx, close, outcome)
        deal.outcome, deal.closed_at = outcome, deal.path[-1][1]
        deal.speed = SEGMENT_SPEED[account.segment]
        deal.planned_days = (close - created).days
        self.register_deal(deal, None)

    def finish_deals(self):
        """Open stages all present, expected close dates, ids, dangling products."""
        rng = self.rng
        open_deals = [d for d in self.deals if d.closed_at is None]
        current = {OPEN_STAGES.index(d.path[-1][0]) for d in open_deals}
        for s in range(5):
            if s in current:
                continue
            for d in open_deals:
                i = OPEN_STAGES.index(d.path[-1][0])
                if i < s and not d.reopened:
                    last = d.path[-1][1]
                    entered = random_between(rng, last + (LAST - last) / 5, last + (LAST - last) * 4 / 5)
                    d.path.append((OPEN_STAGES[s], entered))
                    current.add(s)
                    break
        for d in self.deals:
            created = d.created_at.date()
            planned = created + timedelta(days=int(d.planned_days))
            if d.outcome == "won":
                close = d.closed_at.date()
                u = rng.random()
                if u < 0.65:
                    ecd = close
                elif u < 0.88:
                    ecd = month_start(close) + timedelta(days=rng.randint(0, days_in_month(close.year, close.month) - 1))
                else:
                    ecd = month_start(close) - timedelta(days=rng.randint(1, 10))
            elif d.outcome == "lost":
                ecd = d.closed_at.date() if rng.random() < 0.8 else planned
            else:
                i = OPEN_STAGES.index(d.path[-1][0])
                if rng.random() < 0.15:
                    ecd = END_DATE - timedelta(days=rng.randint(0, 60))  # past due
                else:
                    remaining = sum(STAGE_MEDIAN_DAYS[i:]) * d.speed * rng.uniform(0.4, 1.4)
                    ecd = END_DATE + timedelta(days=max(3, int(remaining)))
                if d.path[-1][0] in ("prospecting", "qualification") and rng.random() < 0.12:
                    d.amount = None
            d.expected_close_date = max(ecd, created)
            last = max(t for _, t in d.path)
            d.updated_at = clip(last + timedelta(seconds=rng.randint(0, 2 * 86400)), d.created_at, LAST)
        self.deals.sort(key=lambda d: (d.created_at, d.account.id, d.amount or 0))
        for i, d in enumerate(self.deals, start=1):
            d.id = make_id("opportunities", i)
        lost = [d for d in self.deals if d.outcome == "lost" and d.type == "new_business"]
        for d, product_id in zip(lost[len(lost) // 2:], DANGLING[("opportunities", "product_id")]):
            d.dangling_product = product_id

    # -- activities ---------------------------------------------------------

    def active_rep(self, rep, t):
        d = t.date()
        while rep is not None and not rep.active(d):
            if rep.left_at is not None and d >= rep.left_at:
                rep = rep.successor
            else:
                return None
        return rep

    def activity_type(self, rep, weights):
        call, email, meeting, demo = weights
        boost = rep.skill ** 1.5
        return weighted(self.rng, ENUMS["activity_type"],
                        [call * rep.call_pref, email, meeting * boost, demo * boost])

    def add_activity(self, rep, kind, t, outcome, lead=None, deal=None, account=None, lead_id=None):
        rng = self.rng
        updated = t + timedelta(seconds=rng.randint(30, 3 * 3600))
        if rng.random() < 0.05:
            updated += timedelta(days=rng.randint(1, 10))
        self.activities.append({
            "rep": rep, "type": kind, "t": t, "outcome": outcome,
            "lead_id": lead_id if lead is None else lead.id,
            "deal": deal, "account": account, "updated_at": min(updated, LAST),
        })

    def work_time(self, a, b):
        """A working-hours instant in [a, b] when there is one nearby, else any."""
        rng = self.rng
        t = random_between(rng, a, b)
        if t.weekday() >= 5 and rng.random() < 0.9:
            weekdays = [t + timedelta(days=k) for k in range(-6, 7)
                        if (t + timedelta(days=k)).weekday() < 5 and a <= t + timedelta(days=k) <= b]
            if weekdays:
                t = rng.choice(weekdays)
        candidate = business_time(rng, t.date())
        return candidate if a <= candidate <= b else t

    def make_activities(self):
        rng = self.rng
        lead_outcomes = [30, 10, 30, 30]
        for lead in self.leads:
            start = lead.created_at
            first = None
            if lead.first_response_at is not None:
                u = rng.random()
                if u < 0.45:
                    first = lead.first_response_at + timedelta(seconds=rng.randint(0, 1800))
                elif u < 0.70:
                    first = max(start + timedelta(seconds=60),
                                lead.first_response_at - timedelta(seconds=rng.randint(300, 6 * 3600)))
            elif rng.random() < 0.3:
                first = start + timedelta(seconds=rng.randint(3600, 5 * 86400))
            if first is not None and first <= LAST:
                rep = self.active_rep(lead.owner, first)
                if rep is not None:
                    outcome = "no_response" if lead.first_response_at is None else \
                        weighted(rng, ENUMS["outcome"], lead_outcomes)
                    self.add_activity(rep, self.activity_type(rep, [45, 55, 0, 0]), first, outcome,
                                      lead=lead, account=lead.account)
            if lead.status in ("working", "qualified", "converted", "disqualified") and first is not None:
                end = min(lead.converted_at or first + timedelta(days=30), LAST)
                for _ in range(rng.randint(0, 2)):
                    if end <= first:
                        break
                    t = self.work_time(first, end)
                    rep = self.active_rep(lead.owner, t)
                    if rep is not None:
                        self.add_activity(rep, self.activity_type(rep, [40, 45, 12, 3]), t,
                                          weighted(rng, ENUMS["outcome"], lead_outcomes),
                                          lead=lead, account=lead.account)
        stage_weights = {
            "prospecting": [40, 45, 12, 3], "qualification": [30, 40, 22, 8],
            "discovery": [20, 35, 30, 15], "proposal": [20, 40, 20, 20],
            "negotiation": [30, 45, 20, 5], LOST: [40, 45, 12, 3],
        }
        outcome_weights = {"won": [45, 5, 35, 15], "lost": [20, 20, 35, 25], "open": [30, 10, 35, 25]}
        for deal in self.deals:
            end = deal.closed_at or LAST
            days = (end - max(deal.created_at, PERIOD_START)).total_seconds() / 86400
            n = max(1, min(30, int(round(days / 11.0 * deal.owner.activity * rng.uniform(0.6, 1.4)))))
            times = [entered for _, entered in deal.path]
            for _ in range(n):
                t = self.work_time(max(deal.created_at, PERIOD_START), end)
                stage = deal.path[max(0, bisect.bisect_right(times, t) - 1)][0]
                owner = deal.owner if deal.handover is None or t < deal.handover else deal.final_owner
                rep = self.active_rep(owner, t)
                if rep is None:
                    continue
                kind = self.activity_type(rep, stage_weights.get(stage, stage_weights["negotiation"]))
                if kind in ("meeting", "demo") and rng.random() < 0.06:
                    manager = rep.manager
                    if manager is not None and manager.active(t.date()):
                        rep = manager
                self.add_activity(rep, kind, t, weighted(rng, ENUMS["outcome"], outcome_weights[deal.outcome]),
                                  deal=deal, account=deal.account)
        # customer check-ins on accounts only
        for account in self.accounts:
            for start, end, _ in account.spells:
                for m in MONTHS:
                    if m < start or (end is not None and m >= end) or rng.random() >= 0.1:
                        continue
                    t = business_time(rng, m + timedelta(days=rng.randint(0, 27)))
                    if t > LAST or t < account.created_at:
                        continue
                    rep = self.active_rep(self.owner_at(account, t), t)
                    if rep is not None:
                        self.add_activity(rep, weighted(rng, ["call", "email", "meeting"], [35, 35, 30]), t,
                                          weighted(rng, ENUMS["outcome"], [40, 5, 45, 10]), account=account)
        # the new rep's first prospecting calls
        ramp = [r for r in self.reps if r.no_deals][0]
        swedish = [a for a in self.accounts if a.country == "SE"]
        for _ in range(scaled(15, self.scale, 5)):
            t = business_time(rng, ramp.hired_at + timedelta(days=rng.randint(0, 29)))
            self.add_activity(ramp, "call", t, weighted(rng, ENUMS["outcome"], [15, 20, 25, 40]),
                              account=rng.choice(swedish))
        # two activities on leads that were deleted (dangling on purpose)
        for lead_id in DANGLING[("activities", "lead_id")]:
            rep = weighted(rng, [r for r in self.reps if r.active(date(2025, 5, 1)) and not r.no_deals], None)
            self.add_activity(rep, "email", business_time(rng, date(2025, 5, rng.randint(1, 28))),
                              "no_response", lead_id=lead_id)
        self.activities.sort(key=lambda a: (a["t"], a["rep"].id))
        for i, a in enumerate(self.activities, start=1):
            a["id"] = make_id("activities", i)

    # -- invoices -----------------------------------------------------------

    def make_invoices(self):
        rng = self.rng
        for sub in self.subs:
            end = sub.spell[1]
            step = 1 if sub.monthly_billing else 12
            k = 0
            while True:
                day = add_months(sub.started_at, k)
                k += step
                if day > END_DATE or (end is not None and day >= end):
                    break
                if day < START_DATE:
                    continue
                amount = sub.mrr * step
                self.invoices.append({"account": sub.account, "deal": sub.deal, "day": day,
                                      "amount": amount, "currency": sub.currency})
        for deal in self.deals:
            if deal.outcome != "won" or deal.type != "new_business":
                continue
            if deal.account.segment == "smb" and rng.random() > 0.3:
                continue
            unit = 1000 if deal.currency in ("EUR", "USD") else 10000
            fee = max(unit, int(round(deal.amount * rng.uniform(0.1, 0.2) / unit)) * unit)
            day = min(deal.closed_at.date() + timedelta(days=rng.randint(0, 10)), END_DATE)
            self.invoices.append({"account": deal.account, "deal": deal, "day": day,
                                  "amount": fee, "currency": deal.currency})
        for inv in self.invoices:
            updated = business_time(rng, inv["day"])
            if rng.random() < 0.6:  # marked paid later
                updated += timedelta(days=rng.randint(5, 40))
            inv["updated_at"] = min(updated, LAST)
        self.invoices.sort(key=lambda inv: (inv["day"], inv["account"].id, inv["amount"]))
        for i, inv in enumerate(self.invoices, start=1):
            inv["id"] = make_id("invoices", i)
        self.subs.sort(key=lambda s: (s.started_at, s.account.id, s.mrr))
        for i, sub in enumerate(self.subs, start=1):
            sub.id = make_id("subscriptions", i)
            changed = at_midnight(sub.started_at)
            if sub.spell[1] is not None:
                changed = max(changed, at_midnight(sub.spell[1]) - timedelta(days=rng.randint(1, 30)))
            sub.updated_at = clip(business_time(rng, changed.date()), at_midnight(sub.started_at), LAST)

    # -- quotas and forecasts ----------------------------------------------

    def make_quotas_and_forecasts(self):
        fx = self.fx
        won = {}  # (rep, month) -> EUR
        for d in self.deals:
            if d.outcome == "won":
                key = (d.final_owner, month_start(d.closed_at.date()))
                won[key] = won.get(key, 0.0) + fx.to_eur(d.amount, d.currency, d.closed_at.date())
        # the plan: per team and year, what an IC closed per month, a little stretched
        totals = {}
        for rep in self.reps:
            if rep.role == "manager":
                continue
            for m in MONTHS:
                share = rep.active_days(m) / days_in_month(m.year, m.month)
                if share > 0:
                    key = (rep.team, max(m.year, 2025))
                    amount, months = totals.get(key, (0.0, 0.0))
                    totals[key] = (amount + won.get((rep, m), 0.0), months + share * self.ramp(rep, m))
        for rep in self.reps:
            for m in MONTHS:
                share = rep.active_days(m) / days_in_month(m.year, m.month)
                if share <= 0:
                    continue
                amount, months = totals[(rep.team, max(m.year, 2025))]
                base = amount / months * 0.95 if months else 20000.0
                role = 0.35 if rep.role == "manager" else 1.0
                eur = base * role * self.ramp(rep, m) * share
                unit = 500 if rep.currency == "EUR" else 5000
                quota = fx.to_local_cents(max(eur, 2000.0), rep.currency, m, unit=unit)
                self.quotas.append((rep, m, quota))
                actual = won.get((rep, m), 0.0) / fx.rate(rep.currency, m)
                self.make_forecasts(rep, m, quota / 100.0, actual)

    def ramp(self, rep, m):
        """New hires carry a reduced quota in their first months."""
        months_in = (m.year - rep.hired_at.year) * 12 + m.month - rep.hired_at.month
        return {0: 0.25, 1: 0.5, 2: 0.75}.get(months_in, 1.0)

    def make_forecasts(self, rep, m, quota, actual):
        rng = self.rng
        if rep.no_deals:
            return
        u = rng.random()
        before = 0 if u < 0.15 else rng.randint(1, 3)
        during = rng.randint(0, 2) if u >= 0.07 else 0
        times = set()
        for k in range(before):
            day = m - timedelta(days=rng.randint(1, 20))
            times.add((business_time(rng, day), 0.75))
        for k in range(during):
            day = m + timedelta(days=rng.randint(3, 20))
            times.add((business_time(rng, day), 0.9))
        unit = 500 if rep.currency == "EUR" else 5000
        for t, knowledge in sorted(times):
            if t > LAST or not rep.active(t.date()):
                continue
            estimate = knowledge * actual + (1 - knowledge) * 0.9 * quota
            value = estimate * (1 + rep.bias) * rng.lognormvariate(0, 0.12 if knowledge < 0.8 else 0.06)
            self.forecasts.append((rep, m, int(round(value / unit)) * unit * 100, t))

    # -- costs, web traffic, nps, surveys ----------------------------------

    def make_costs(self):
        rng, fx = self.rng, self.fx
        won = {}
        for d in self.deals:
            if d.outcome == "won":
                m = month_start(d.closed_at.date())
                won[m] = won.get(m, 0.0) + fx.to_eur(d.amount, d.currency, d.closed_at.date())
        for m in MONTHS:
            dim = days_in_month(m.year, m.month)
            salaries = sum((16000 if r.role == "manager" else 12500) * r.active_days(m) / dim + 400
                           for r in self.reps if r.active_days(m) > 0)
            amount = SALES_SUPPORT_FACTOR * salaries + 0.10 * won.get(m, 0.0)
            self.costs.append((m, "sales", "", int(round(amount)) * 100, "EUR"))
            spend = {ch: base * self.scale * rng.uniform(0.85, 1.15)
                     for ch, base in MARKETING_BASELINE_EUR.items()}
            nxt = next_month_start(m)
            for c in self.campaigns:
                first = c["started_at"]
                last = (c["ended_at"] or END_DATE) + timedelta(days=1)
                total_days = (last - first).days
                overlap = (min(last, nxt) - max(first, m)).days
                if overlap > 0:
                    spend[c["channel"]] = spend.get(c["channel"], 0.0) + c["budget_eur"] * overlap / total_days
            for channel in DEFAULT_CHANNELS:
                if channel not in spend:
                    continue
                currency = "SEK" if channel == "content" else "EUR"
                cents = fx.to_local_cents(spend[channel], currency, m, unit=1)
                self.costs.append((m, "marketing", channel, cents, currency))

    def make_web_traffic(self):
        rng = self.rng
        for d in PERIOD_DAYS:
            for channel, base in WEB_CHANNELS:
                boost = 1.0
                if channel in ("paid_search", "social") and any(
                        c["channel"] == channel and c["started_at"] <= d <= (c["ended_at"] or END_DATE)
                        for c in self.campaigns):
                    boost = 1.35
                season = 0.6 + 0.4 * SEASON[d.month]
                visitors = base * self.scale * growth(d) * season * WEEKDAY[d.weekday()] * boost
                self.web.append((d, channel, max(0, int(round(visitors * rng.gauss(1.0, 0.1))))))

    def nps_score(self, context):
        weights = [0.5, 0.5, 1, 1, 2, 4, 7, 18, 20, 24, 22]
        if context == "won":
            weights = [0.5, 0.5, 0.5, 1, 1, 3, 5, 16, 20, 27, 25]
        elif context == "lost":
            weights = [2, 2, 3, 4, 5, 7, 9, 21, 19, 15, 13]
        return weighted(self.rng, list(range(11)), weights)

    def make_nps(self):
        rng = self.rng
        for d in self.deals:
            if d.closed_at is None or rng.random() >= (0.3 if d.outcome == "won" else 0.1):
                continue
            t = business_time(rng, d.closed_at.date() + timedelta(days=rng.randint(3, 21)))
            if t <= LAST:
                self.nps.append({"account": d.account, "deal": d, "t": t, "score": self.nps_score(d.outcome)})
        quarters = [m for m in MONTHS if m.month in (2, 5, 8, 11)]
        for account in self.accounts:
            for q in quarters:
                if not self.is_customer(account, q) or rng.random() >= 0.12:
                    continue
                t = business_time(rng, q + timedelta(days=rng.randint(0, 27)))
                if t <= LAST:
                    self.nps.append({"account": None if rng.random() < 0.02 else account, "deal": None,
                                     "t": t, "score": self.nps_score("customer")})
        self.nps.sort(key=lambda r: (r["t"], r["score"]))
        for i, r in enumerate(self.nps, start=1):
            r["id"] = make_id("nps_responses", i)

    def make_employee_surveys(self):
        rng = self.rng
        pulses = [date(2024, 11, 12)] + [add_months(date(2025, 2, 12), 3 * k) for k in range(7)]
        for day in pulses:
            for rep in self.reps:
                if not rep.active(day) or rng.random() >= 0.85:
                    continue
                mood = 3.4 + 0.9 * (rep.skill - 1.0) + rng.gauss(0, 0.8)
                if rep.left_at is not None and (rep.left_at - day).days < 200:
                    mood -= 1.2
                t = business_time(rng, day + timedelta(days=rng.randint(0, 6)))
                self.surveys.append({"rep": rep, "t": t, "score": max(1, min(5, int(round(mood))))})
        self.surveys.sort(key=lambda r: (r["t"], r["rep"].id))
        for i, r in enumerate(self.surveys, start=1):
            r["id"] = make_id("employee_surveys", i)

    # -- rows ---------------------------------------------------------------

    def tables(self):
        """Every table as a list of rows of strings, in contract column order."""
        t = {}
        t["reps"] = [[r.id, r.full_name, r.email, r.team, r.region,
                      r.manager.id if r.manager else "", fmt_date(r.hired_at), fmt_date(r.left_at),
                      fmt_ts(r.updated_at)] for r in self.reps]
        rows = []
        for a in self.accounts:
            owner = a.owners[-1][1].id
            if a is self.orphan_account:
                owner = DANGLING[("accounts", "owner_rep_id")][0]
            last_change = max([a.created_at] + [at_midnight(since) for since, _ in a.owners[1:]])
            updated = clip(business_time(self.rng, (last_change + timedelta(days=self.rng.randint(0, 60))).date()),
                           a.created_at, LAST)
            rows.append([a.id, a.name, a.industry, a.segment, a.country, owner,
                         fmt_ts(a.created_at), fmt_ts(updated)])
        t["accounts"] = rows
        t["products"] = [[p["id"], p["name"], p["line"], fmt_cents(p["price_cents"]), "EUR",
                          fmt_ts(p["updated_at"])] for p in self.products]
        t["campaigns"] = [[c["id"], c["name"], c["channel"], fmt_date(c["started_at"]),
                           fmt_date(c["ended_at"]), fmt_cents(c["budget"]), c["currency"],
                           fmt_ts(c["updated_at"])] for c in self.campaigns]
        t["leads"] = [[l.id, fmt_ts(l.created_at), l.channel or "",
                       l.campaign["id"] if l.campaign else "", l.origin, l.owner.id,
                       l.account.id if l.account else "", l.email, l.status,
                       fmt_ts(l.first_response_at), fmt_ts(l.converted_at),
                       l.deal.id if l.deal else "", fmt_ts(l.updated_at)] for l in self.leads]
        rows, history = [], []
        for d in self.deals:
            stage = d.path[-1][0]
            product_id = getattr(d, "dangling_product", None) or d.product["id"]
            rows.append([d.id, d.account.id, d.lead.id if d.lead else "", d.final_owner.id,
                         product_id, d.type, fmt_cents(d.amount), d.currency,
                         fmt_ts(d.created_at), fmt_date(d.expected_close_date),
                         fmt_ts(d.closed_at if stage in (WON, LOST) else None), stage,
                         d.loss_reason if stage == LOST else "", fmt_ts(d.updated_at)])
            for s, entered in d.path:
                history.append([d.id, s, fmt_ts(entered)])
        t["opportunities"] = rows
        t["opportunity_stage_history"] = history
        t["activities"] = [[a["id"], a["rep"].id, a["type"], fmt_ts(a["t"]), a["lead_id"] or "",
                            a["deal"].id if a["deal"] else "",
                            a["account"].id if a["account"] else "", a["outcome"],
                            fmt_ts(a["updated_at"])] for a in self.activities]
        t["quotas"] = sorted([[r.id, fmt_date(m), fmt_cents(q), r.currency] for r, m, q in self.quotas])
        t["forecasts"] = sorted([[r.id, fmt_date(m), fmt_cents(v), r.currency, fmt_ts(s)]
                                 for r, m, v, s in self.forecasts])
        t["invoices"] = [[i["id"], i["account"].id, i["deal"].id if i["deal"] else "",
                          fmt_date(i["day"]), fmt_cents(i["amount"]), i["currency"],
                          fmt_ts(i["updated_at"])] for i in self.invoices]
        t["subscriptions"] = [[s.id, s.account.id, s.product["id"], s.deal.id if s.deal else "",
                               fmt_date(s.started_at), fmt_date(s.spell[1]), fmt_cents(s.mrr),
                               s.currency, fmt_ts(s.updated_at)] for s in self.subs]
        t["costs"] = [[fmt_date(m), cat, ch, fmt_cents(c), cur] for m, cat, ch, c, cur in self.costs]
        t["web_traffic"] = [[fmt_date(d), ch, str(v)] for d, ch, v in self.web]
        t["nps_responses"] = [[r["id"], r["account"].id if r["account"] else "",
                               r["deal"].id if r["deal"] else "", fmt_ts(r["t"]), str(r["score"])]
                              for r in self.nps]
        t["employee_surveys"] = [[r["id"], r["rep"].id, fmt_ts(r["t"]), str(r["score"])]
                                 for r in self.surveys]
        t["fx_rates"] = [[cur, fmt_date(m), f"{rate:.6f}"]
                         for cur in FX_CURRENCIES for m, rate in zip(FX_MONTHS, self.fx.series[cur])]
        return {name: t[name] for name in TABLES}


# ----------------------------------------------------------------------------
# faults (--inject-faults)
# ----------------------------------------------------------------------------

def col(table, name):
    return column_names(table).index(name)


def record_key(table, row):
    return "|".join(row[col(table, c)] for c in KEYS[table])


def new_ids(tables, table, count):
    """Ids past every clean id of the table."""
    prefix, _ = ID_FORMATS[table]
    top = max(int(row[0][len(prefix):]) for row in tables[table])
    return [make_id(table, top + 1000 + k) for k in range(count)]


def parse_ts(text):
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S")


def ts_cosmetic(text, style):
    """The same instant written differently."""
    t = parse_ts(text)
    if style == "+02:00":
        return (t + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%S") + "+02:00"
    if style == "Z":
        return t.strftime("%Y-%m-%dT%H:%M:%SZ")
    return t.strftime("%Y-%m-%dT%H:%M:%S")


def bad_rows(rng, tables):
    """[(table, row, reason)]: extra rows that staging must quarantine."""
    out = []
    opps = tables["opportunities"]
    o = {name: col("opportunities", name) for name in column_names("opportunities")}
    template = list(next(r for r in opps if r[o["stage"]] == WON))
    template[o["lead_id"]] = ""
    ids = iter(new_ids(tables, "opportunities", 8))

    def opp(reason, **changes):
        row = list(template)
        row[o["opportunity_id"]] = next(ids)
        for name, value in changes.items():
            row[o[name]] = value
        out.append(("opportunities", row, reason))

    created = parse_ts(template[o["created_at"]])
    opp("missing created_at", created_at="")
    opp("missing owner_rep_id", owner_rep_id="")
    opp("unparseable created_at", created_at="not a date")
    opp("invalid stage", stage="closed_maybe", closed_at="")
    opp("unknown currency", currency="XYZ")
    opp("negative amount", amount="-" + template[o["amount"]])
    opp("closed_at before created_at", stage=LOST, loss_reason="price",
        closed_at=fmt_ts(created - timedelta(days=3)))
    opp("missing closed_at", closed_at="")

    leads = tables["leads"]
    li = {name: col("leads", name) for name in column_names("leads")}
    template = list(next(r for r in leads if r[li["status"]] == "new"))
    for lead_id, (value, reason) in zip(new_ids(tables, "leads", 2),
                                        [("", "missing created_at"), ("2026-13-45", "unparseable created_at")]):
        row = list(template)
        row[li["lead_id"]], row[li["created_at"]] = lead_id, value
        out.append(("leads", row, reason))

    acts = tables["activities"]
    template = acts[len(acts) // 2]
    for activity_id, (name, value, reason) in zip(new_ids(tables, "activities", 3), [
            ("activity_type", "lunch", "invalid activity_type"),
            ("rep_id", "", "missing rep_id"),
            ("occurred_at", "31/02/2026", "unparseable occurred_at")]):
        row = list(template)
        row[0] = activity_id
        row[col("activities", name)] = value
        out.append(("activities", row, reason))

    history = tables["opportunity_stage_history"]
    real = history[len(history) // 3]
    entered = parse_ts(real[2]) + timedelta(seconds=17)
    out.append(("opportunity_stage_history", [real[0], "closed_maybe", fmt_ts(entered)], "invalid stage"))
    out.append(("opportunity_stage_history", [real[0], "proposal", ""], "missing entered_at"))

    invoices = tables["invoices"]
    template = invoices[len(invoices) // 2]
    amount_col = col("invoices", "amount")
    for invoice_id, (name, value, reason) in zip(new_ids(tables, "invoices", 3), [
            ("currency", "XYZ", "unknown currency"),
            ("amount", "12,5x", "unparseable amount"),
            ("amount", "-" + template[amount_col], "negative amount")]):
        row = list(template)
        row[0] = invoice_id
        row[col("invoices", name)] = value
        out.append(("invoices", row, reason))

    subs = tables["subscriptions"]
    template = subs[len(subs) // 2]
    for sub_id, (name, value, reason) in zip(new_ids(tables, "subscriptions", 2), [
            ("mrr", "-" + template[col("subscriptions", "mrr")], "negative mrr"),
            ("started_at", "not a date", "unparseable started_at")]):
        row = list(template)
        row[0] = sub_id
        row[col("subscriptions", name)] = value
        out.append(("subscriptions", row, reason))

    row = list(tables["campaigns"][0])
    row[0] = new_ids(tables, "campaigns", 1)[0]
    row[col("campaigns", "started_at")] = "2026-13-45"
    out.append(("campaigns", row, "unparseable started_at"))

    # a quota for a rep in a month after the rep left
    reps = tables["reps"]
    leaver = next(r for r in reps if r[col("reps", "left_at")])
    after = next_month_start(date.fromisoformat(leaver[col("reps", "left_at")]))
    quota_template = next(r for r in tables["quotas"] if r[0] == leaver[0])
    out.append(("quotas", [leaver[0], fmt_date(after), "12,5x", quota_template[3]], "unparseable quota_amount"))
    forecast = tables["forecasts"][len(tables["forecasts"]) // 2]
    out.append(("forecasts", forecast[:4] + [""], "missing submitted_at"))

    out.append(("costs", ["2026-05-01", "travel", "", "1250.00", "EUR"], "invalid cost_category"))
    out.append(("web_traffic", ["2026-05-04", "newsletter", "-40"], "negative visitors"))

    nps = tables["nps_responses"]
    template = nps[len(nps) // 2]
    for response_id, score in zip(new_ids(tables, "nps_responses", 2), ["11", "-1"]):
        out.append(("nps_responses", [response_id] + template[1:4] + [score], "score out of range"))
    surveys = tables["employee_surveys"]
    template = surveys[len(surveys) // 2]
    for response_id, score in zip(new_ids(tables, "employee_surveys", 2), ["0", "6"]):
        out.append(("employee_surveys", [response_id] + template[1:3] + [score], "score out of range"))

    out.append(("fx_rates", ["SEK", "31/02/2026", "0.087000"], "unparseable rate_date"))
    out.append(("fx_rates", ["NOK", "2026-06-15", ""], "missing rate_to_reporting"))
    return out


def creation_time(table, row):
    """When a record came to exist (updated_at may not be earlier)."""
    if table == "reps":
        return at_midnight(date.fromisoformat(row[col("reps", "hired_at")]))
    if table in ("accounts", "leads", "opportunities"):
        return parse_ts(row[col(table, "created_at")])
    if table == "campaigns":
        return at_midnight(date.fromisoformat(row[col("campaigns", "started_at")]))
    if table == "activities":
        return parse_ts(row[col("activities", "occurred_at")])
    if table == "invoices":
        return at_midnight(date.fromisoformat(row[col("invoices", "invoiced_at")]))
    if table == "subscriptions":
        return at_midnight(date.fromisoformat(row[col("subscriptions", "started_at")]))
    return datetime(2024, 1, 1)  # products


def older_version(rng, table, row):
    """A plausible earlier version of a record (values the CRM held before)."""
    row = list(row)
    c = {name: col(table, name) for name in column_names(table)}
    if table == "reps":
        row[c["team"]] = "Sales Development"
    elif table == "accounts":
        row[c["segment"]] = "smb" if row[c["segment"]] != "smb" else "mid_market"
    elif table == "products":
        row[c["list_price"]] = fmt_cents(int(round(float(row[c["list_price"]]) * 90)))
    elif table == "campaigns":
        row[c["budget"]] = fmt_cents(int(round(float(row[c["budget"]]) * 80)))
    elif table == "leads":
        row[c["status"]] = "working"
        row[c["converted_at"]] = row[c["opportunity_id"]] = ""
    elif table == "opportunities":
        row[c["stage"]] = "negotiation"
        row[c["closed_at"]] = row[c["loss_reason"]] = ""
        if row[c["amount"]]:
            row[c["amount"]] = fmt_cents(int(round(float(row[c["amount"]]) * 110)))
    elif table == "activities":
        row[c["outcome"]] = "neutral" if row[c["outcome"]] == "no_response" else "no_response"
    elif table == "invoices":
        row[c["amount"]] = fmt_cents(int(round(float(row[c["amount"]]) * 95)))
    elif table == "subscriptions":
        row[c["ended_at"]] = ""
    return row


def stale_duplicates(rng, tables, taken):
    """[(table, row)]: older copies of records (tables with updated_at) or exact copies."""
    out = []
    for table in TABLES:
        rows = tables[table]
        names = column_names(table)
        if "updated_at" in names:
            u = names.index("updated_at")
            candidates = []
            for i, row in enumerate(rows):
                gap = parse_ts(row[u]) - creation_time(table, row)
                if gap >= timedelta(days=2) and (table, i) not in taken:
                    if table == "leads" and row[col("leads", "status")] != "converted":
                        continue
                    if table == "opportunities" and row[col("opportunities", "stage")] not in (WON, LOST):
                        continue
                    if table == "subscriptions" and not row[col("subscriptions", "ended_at")]:
                        continue
                    candidates.append(i)
            for i in sorted(rng.sample(candidates, min(3, len(candidates)))):
                row = rows[i]
                gap = parse_ts(row[u]) - creation_time(table, row)
                days = rng.randint(1, min(30, gap.days - 1))
                old = older_version(rng, table, row)
                old[u] = fmt_ts(parse_ts(row[u]) - timedelta(days=days, seconds=rng.randint(0, 3600)))
                out.append((table, old))
                taken.add((table, i))
        else:
            candidates = [i for i in range(len(rows)) if (table, i) not in taken]
            for i in sorted(rng.sample(candidates, min(2, len(candidates)))):
                out.append((table, list(rows[i])))
                taken.add((table, i))
    return out


# (table, column, which rows, new value: a string or a function of the old one)
COSMETICS = [
    ("opportunities", "stage", WON, "Closed Won"),
    ("opportunities", "stage", WON, " closed-won "),
    ("opportunities", "stage", WON, "CLOSED_WON"),
    ("opportunities", "stage", "negotiation", "Negotiation"),
    ("opportunities", "currency", "SEK", "SEK "),
    ("opportunities", "currency", "SEK", "sek"),
    ("opportunities", "opportunity_type", "new_business", "New Business"),
    ("opportunities", "created_at", None, "+02:00"),
    ("opportunities", "closed_at", "midnight", "+02:00"),
    ("opportunity_stage_history", "stage", "proposal", "Proposal"),
    ("opportunity_stage_history", "entered_at", None, "Z"),
    ("accounts", "segment", "mid_market", "Mid-Market"),
    ("accounts", "segment", "smb", "SMB"),
    ("activities", "activity_type", "call", "Call"),
    ("activities", "activity_type", "email", " EMAIL"),
    ("activities", "outcome", "positive", "Positive"),
    ("activities", "occurred_at", None, "T"),
    ("leads", "source_channel", "website", "Website "),
    ("leads", "source_channel", "paid_search", "PAID_SEARCH"),
    ("leads", "status", "converted", "Converted"),
    ("leads", "origin", "marketing", "Marketing"),
    ("leads", "created_at", None, "Z"),
    ("campaigns", "channel", "webinar", "Webinar"),
    ("invoices", "currency", "SEK", "sek"),
    ("subscriptions", "currency", "NOK", "Nok "),
    ("quotas", "currency", "SEK", "sek"),
]


def apply_cosmetics(rng, tables, taken):
    """Rewrites values in place; returns [(table, record_key)]."""
    out = []
    for table, name, which, value in COSMETICS:
        rows = tables[table]
        c = col(table, name)
        kind = next(x.kind for x in TABLES[table] if x.name == name)
        candidates = []
        for i, row in enumerate(rows):
            if (table, i) in taken or not row[c]:
                continue
            if which == "midnight":
                if not row[c].endswith(" 00:00:00"):
                    continue
            elif which is not None and row[c] != which:
                continue
            candidates.append(i)
        if not candidates:
            continue
        i = candidates[rng.randrange(len(candidates))]
        row = rows[i]
        row[c] = ts_cosmetic(row[c], value) if kind == "timestamp" else value
        taken.add((table, i))
        out.append((table, record_key(table, row)))
    return out


def inject_faults(rng, clean):
    """The clean tables plus faults, and the manifest."""
    tables = {name: [list(row) for row in rows] for name, rows in clean.items()}
    manifest, taken = [], set()
    for table, key in apply_cosmetics(rng, tables, taken):
        manifest.append({"table": table, "kind": "cosmetic", "record_key": key})
    stale = stale_duplicates(rng, clean, taken)
    for table, row, reason in bad_rows(rng, clean):
        tables[table].append(row)
        manifest.append({"table": table, "kind": "bad_row", "record_key": record_key(table, row),
                         "expected_reason": reason})
    for table, row in stale:
        tables[table].append(row)
        manifest.append({"table": table, "kind": "stale_duplicate", "record_key": record_key(table, row)})
    return tables, manifest


# ----------------------------------------------------------------------------
# writing
# ----------------------------------------------------------------------------

PARQUET_TYPES = {"timestamp": "TIMESTAMP", "date": "DATE", "amount": "DECIMAL(18,2)",
                 "integer": "BIGINT"}


def write_csv(path, columns, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)


def write_parquet(path, columns, sql_types, rows, workdir):
    import duckdb

    staging = Path(workdir) / f"{Path(path).stem}.csv"
    write_csv(staging, columns, rows)
    spec = ", ".join(f"'{name}': 'VARCHAR'" for name in columns)
    selects = ", ".join(f'CAST("{name}" AS {sql_type}) AS "{name}"'
                        for name, sql_type in zip(columns, sql_types))
    con = duckdb.connect()
    try:
        con.execute("SET threads = 1")
        con.execute(
            f"COPY (SELECT {selects} FROM read_csv('{staging.as_posix()}', header = true, "
            f"auto_detect = false, delim = ',', quote = '\"', escape = '\"', columns = {{{spec}}})) "
            f"TO '{Path(path).as_posix()}' (FORMAT parquet)")
    finally:
        con.close()


def contract_types(table, typed):
    """The Parquet column types of a contract table: VARCHAR unless typed."""
    types = []
    for column in TABLES[table]:
        sql_type = "VARCHAR"
        if typed:
            sql_type = PARQUET_TYPES.get(column.kind, "VARCHAR")
            if table == "fx_rates" and column.name == "rate_to_reporting":
                sql_type = "DECIMAL(18,6)"
        types.append(sql_type)
    return types


def write_tables(out, fmt, tables, typed):
    """Contract tables into OUT, one file each."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir:
        for table, rows in tables.items():
            if fmt == "csv":
                write_csv(out / f"{table}.csv", column_names(table), rows)
            else:
                write_parquet(out / f"{table}.parquet", column_names(table),
                              contract_types(table, typed), rows, workdir)


def write_objects(out, fmt, source, objects):
    """A CRM's objects into OUT, one file each, with the columns its mapping
    declares (empty where the world has no value), as text."""
    declared = crm_sources.read_source(source)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir:
        for name, records in objects.items():
            columns = [column.name for column in declared[name].columns]
            unknown = {key for record in records for key in record} - set(columns)
            assert not unknown, f"{source} {name} does not declare {sorted(unknown)}"
            rows = [[record.get(column, "") for column in columns] for record in records]
            if fmt == "csv":
                write_csv(out / f"{name}.csv", columns, rows)
            else:
                write_parquet(out / f"{name}.parquet", columns, ["VARCHAR"] * len(columns),
                              rows, workdir)


def generate(out, fmt="csv", scale=1.0, inject=False, seed=DEFAULT_SEED, shape="contract"):
    """Builds the CRM and writes it to `out` in the shape: the contract's
    tables, or a CRM's objects with the contract tables it lacks in
    out/supplement. Returns {table or object: rows written}."""
    if inject and shape != "contract":
        raise ValueError("--inject-faults writes the contract shape only")
    out = Path(out)
    world = World(seed, scale)
    tables = world.build()
    manifest = None
    if inject:
        tables, manifest = inject_faults(random.Random(seed + 1), tables)
    if shape == "contract":
        write_tables(out, fmt, tables, not inject)
        counts = {table: len(rows) for table, rows in tables.items()}
    else:
        objects, supplement = crm_shapes.SHAPES[shape](tables)
        write_objects(out, fmt, shape, objects)
        write_tables(out / SUPPLEMENT, fmt, supplement, True)
        counts = {**{name: len(rows) for name, rows in objects.items()},
                  **{f"{SUPPLEMENT}/{table}": len(rows) for table, rows in supplement.items()}}
    if manifest is not None:
        with open(out / "injected_faults.json", "w", encoding="utf-8", newline="\n") as f:
            json.dump(manifest, f, indent=2)
            f.write("\n")
    return counts


def positive_float(text):
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError("must be > 0")
    return value


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True, help="directory to write the tables to")
    parser.add_argument("--format", choices=["csv", "parquet"], default="csv")
    parser.add_argument("--scale", type=positive_float, default=1.0,
                        help="volume multiplier (default 1: ~20k leads, ~3.5k deals)")
    parser.add_argument("--inject-faults", action="store_true",
                        help="add bad rows, stale duplicates and cosmetic variants, "
                             "listed in injected_faults.json")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--shape", choices=["contract", *crm_shapes.SHAPES], default="contract",
                        help="the contract's tables (default), or the same world as a CRM's "
                             "objects with the tables it lacks in OUT/supplement")
    args = parser.parse_args(argv)
    if args.inject_faults and args.shape != "contract":
        parser.error("--inject-faults writes the contract shape only")
    counts = generate(args.out, args.format, args.scale, args.inject_faults, args.seed, args.shape)
    for table, n in counts.items():
        print(f"{table:28s} {n:8d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
