"""The raw CRM input contract (../shared/raw_crm_schema.md) as data.

One place that names every raw table, its columns, which of them are
required, and the key that identifies a record. The generator, the loader
and the tests read it; the dbt sources in models/staging/crm/_crm__sources.yml
document the same columns (a pytest checks that the two agree).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # id | text | enum | date | timestamp | amount | integer
    required: bool = True


def _c(name, kind, required=True):
    return Column(name, kind, required)


def _n(name, kind):
    return Column(name, kind, required=False)


TABLES = {
    "reps": [
        _c("rep_id", "id"), _n("full_name", "text"), _n("email", "text"),
        _n("team", "text"), _n("region", "text"), _n("manager_id", "id"),
        _n("hired_at", "date"), _n("left_at", "date"), _n("updated_at", "timestamp"),
    ],
    "accounts": [
        _c("account_id", "id"), _n("account_name", "text"), _n("industry", "text"),
        _n("segment", "enum"), _n("country", "text"), _n("owner_rep_id", "id"),
        _n("created_at", "timestamp"), _n("updated_at", "timestamp"),
    ],
    "products": [
        _c("product_id", "id"), _n("product_name", "text"), _n("product_line", "text"),
        _n("list_price", "amount"), _n("currency", "text"), _n("updated_at", "timestamp"),
    ],
    "campaigns": [
        _c("campaign_id", "id"), _n("campaign_name", "text"), _n("channel", "text"),
        _c("started_at", "date"), _n("ended_at", "date"), _n("budget", "amount"),
        _n("currency", "text"), _n("updated_at", "timestamp"),
    ],
    "leads": [
        _c("lead_id", "id"), _c("created_at", "timestamp"), _n("source_channel", "text"),
        _n("campaign_id", "id"), _n("origin", "enum"), _n("owner_rep_id", "id"),
        _n("account_id", "id"), _n("email", "text"), _n("status", "enum"),
        _n("first_response_at", "timestamp"), _n("converted_at", "timestamp"),
        _n("opportunity_id", "id"), _n("updated_at", "timestamp"),
    ],
    "opportunities": [
        _c("opportunity_id", "id"), _n("account_id", "id"), _n("lead_id", "id"),
        _c("owner_rep_id", "id"), _n("product_id", "id"), _n("opportunity_type", "enum"),
        _n("amount", "amount"), _n("currency", "text"), _c("created_at", "timestamp"),
        _n("expected_close_date", "date"), _n("closed_at", "timestamp"),
        _c("stage", "enum"), _n("loss_reason", "text"), _n("updated_at", "timestamp"),
    ],
    "opportunity_stage_history": [
        _c("opportunity_id", "id"), _c("stage", "enum"), _c("entered_at", "timestamp"),
    ],
    "activities": [
        _c("activity_id", "id"), _c("rep_id", "id"), _c("activity_type", "enum"),
        _c("occurred_at", "timestamp"), _n("lead_id", "id"), _n("opportunity_id", "id"),
        _n("account_id", "id"), _n("outcome", "enum"), _n("updated_at", "timestamp"),
    ],
    "quotas": [
        _c("rep_id", "id"), _c("month", "date"), _c("quota_amount", "amount"),
        _n("currency", "text"),
    ],
    "forecasts": [
        _c("rep_id", "id"), _c("month", "date"), _c("forecast_amount", "amount"),
        _n("currency", "text"), _c("submitted_at", "timestamp"),
    ],
    "invoices": [
        _c("invoice_id", "id"), _c("account_id", "id"), _n("opportunity_id", "id"),
        _c("invoiced_at", "date"), _c("amount", "amount"), _n("currency", "text"),
        _n("updated_at", "timestamp"),
    ],
    "subscriptions": [
        _c("subscription_id", "id"), _c("account_id", "id"), _n("product_id", "id"),
        _n("opportunity_id", "id"), _c("started_at", "date"), _n("ended_at", "date"),
        _c("mrr", "amount"), _n("currency", "text"), _n("updated_at", "timestamp"),
    ],
    "costs": [
        _c("month", "date"), _c("cost_category", "enum"), _n("channel", "text"),
        _c("amount", "amount"), _n("currency", "text"),
    ],
    "web_traffic": [
        _c("visit_date", "date"), _n("channel", "text"), _c("visitors", "integer"),
    ],
    "nps_responses": [
        _c("response_id", "id"), _n("account_id", "id"), _n("opportunity_id", "id"),
        _c("responded_at", "timestamp"), _c("score", "integer"),
    ],
    "employee_surveys": [
        _c("response_id", "id"), _c("rep_id", "id"), _c("surveyed_at", "timestamp"),
        _c("score", "integer"),
    ],
    "fx_rates": [
        _c("currency", "text"), _c("rate_date", "date"), _c("rate_to_reporting", "amount"),
    ],
}

# The columns that identify one record; a record may arrive more than once
# (re-syncs) and the latest updated_at wins. Staging's quarantine writes the
# raw values of these columns joined by "|" as the record key.
KEYS = {
    "reps": ["rep_id"],
    "accounts": ["account_id"],
    "products": ["product_id"],
    "campaigns": ["campaign_id"],
    "leads": ["lead_id"],
    "opportunities": ["opportunity_id"],
    "opportunity_stage_history": ["opportunity_id", "stage", "entered_at"],
    "activities": ["activity_id"],
    "quotas": ["rep_id", "month"],
    "forecasts": ["rep_id", "month", "submitted_at"],
    "invoices": ["invoice_id"],
    "subscriptions": ["subscription_id"],
    "costs": ["month", "cost_category", "channel"],
    "web_traffic": ["visit_date", "channel"],
    "nps_responses": ["response_id"],
    "employee_surveys": ["response_id"],
    "fx_rates": ["currency", "rate_date"],
}

# Closed vocabularies (after trimming, lower-casing and turning spaces and
# hyphens into underscores). Stages come from seeds/reference/pipeline_stages.csv.
ENUMS = {
    "segment": ["smb", "mid_market", "enterprise"],
    "origin": ["marketing", "sales"],
    "status": ["new", "working", "qualified", "disqualified", "converted"],
    "opportunity_type": ["new_business", "upsell", "cross_sell", "renewal"],
    "stage": ["prospecting", "qualification", "discovery", "proposal",
              "negotiation", "closed_won", "closed_lost"],
    "activity_type": ["call", "email", "meeting", "demo"],
    "outcome": ["positive", "negative", "neutral", "no_response"],
    "cost_category": ["sales", "marketing"],
}


def column_names(table):
    return [column.name for column in TABLES[table]]
