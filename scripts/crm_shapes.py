"""The contract's 17 tables reshaped as a CRM holds them (generate_crm_data.py
--shape salesforce|hubspot).

to_salesforce(tables) and to_hubspot(tables) take the contract tables as the
generator makes them ({table: rows of strings in contract column order}) and
return (objects, supplement):
- objects: {object: [{column: text}]}, the objects and columns the source
  mapping reads (models/staging/<source>/_<source>__sources.yml), as Fivetran
  names them; load with scripts/load_crm.py --source <source>;
- supplement: {table: rows}, the contract tables the CRM does not hold,
  contract-shaped; load with scripts/load_crm.py into the schema named by the
  var crm_supplement_schema.

Only the CRM's conventions change, never the world: the same records, keys,
amounts and times, as far as the CRM can hold them. What it cannot hold is
lost on the way, as it would be in a real org: Salesforce records a deal's
close as a date, no loss reason, no lead origin, first response or activity
outcome, and a lead's account only once converted; HubSpot no campaigns on
leads, an original source from its own fixed list, and no activity outcome
(see the README's sections on each CRM). A deal's product is a line item
(Salesforce's OpportunityLineItem, HubSpot's line_item), the deal's only one.

Salesforce Ids are the contract key behind the object's key prefix (deal
O000123 is Opportunity 006O000123): the mapping tells a WhatId's object by
its prefix. salesforce_key() gives the contract key back. HubSpot keeps the
contract keys.
"""

import csv
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from crm_contract import column_names

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "seeds" / "reference"

# contract table whose keys an object's Ids carry -> Salesforce key prefix
SALESFORCE_PREFIXES = {
    "reps": "005", "accounts": "001", "opportunities": "006", "leads": "00Q",
    "products": "01t", "campaigns": "701", "line_items": "00k", "roles": "00E",
    "tasks": "00T", "events": "00U",
}
# contract columns holding a key of another table, by the table they point to
KEY_COLUMNS = {
    "rep_id": "reps", "owner_rep_id": "reps", "manager_id": "reps",
    "account_id": "accounts", "opportunity_id": "opportunities",
    "deal_id": "opportunities", "lead_id": "leads", "product_id": "products",
    "campaign_id": "campaigns",
}
SALESFORCE_SUPPLEMENT = ["quotas", "forecasts", "invoices", "subscriptions", "costs",
                         "web_traffic", "nps_responses", "employee_surveys"]
HUBSPOT_SUPPLEMENT = SALESFORCE_SUPPLEMENT + ["products", "campaigns", "fx_rates"]
CORPORATE_CURRENCY = "EUR"  # the contract's reporting currency

# HubSpot: one pipeline; its stages keep the contract's stage labels.
HUBSPOT_PIPELINE = {"pipeline_id": "default", "label": "Sales Pipeline", "display_order": "0"}
# The original source HubSpot records (a fixed list) for each contract channel;
# the channels it has no source for are offline (imports, CRM entries).
HUBSPOT_SOURCES = {
    "website": "DIRECT_TRAFFIC", "organic_search": "ORGANIC_SEARCH",
    "direct_traffic": "DIRECT_TRAFFIC", "paid_search": "PAID_SEARCH", "social": "SOCIAL_MEDIA",
    "referral": "REFERRALS", "content": "OTHER_CAMPAIGNS", "webinar": "OTHER_CAMPAIGNS",
    "event": "OFFLINE", "partner": "OFFLINE", "cold_call": "OFFLINE",
    "cold_email": "EMAIL_MARKETING", "display": "PAID_SOCIAL", "": "OFFLINE",
}
# A lead's status as HubSpot's lifecycle stage and lead status.
HUBSPOT_STATUSES = {
    "new": ("lead", "NEW"), "working": ("lead", "IN_PROGRESS"),
    "qualified": ("salesqualifiedlead", "OPEN_DEAL"), "disqualified": ("lead", "UNQUALIFIED"),
    "converted": ("opportunity", ""),
}
# dealtype: HubSpot's two options, and the portal's own for the other types.
HUBSPOT_DEAL_TYPES = {"new_business": "newbusiness", "upsell": "existingbusiness",
                      "cross_sell": "cross_sell", "renewal": "renewal"}
# Employees per segment, inside the mappings' default size bands.
EMPLOYEES = {"smb": "40", "mid_market": "400", "enterprise": "4000"}


def records(tables, table):
    names = column_names(table)
    return [dict(zip(names, row)) for row in tables[table]]


def label(value):
    """A contract enum value as a CRM shows it: closed_won -> Closed Won."""
    return value.replace("_", " ").title()


def pipeline_stages():
    with open(REFERENCE / "pipeline_stages.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def salesforce_values():
    """{(field, contract value): the first Salesforce picklist value the seed
    salesforce_picklist_values maps to it}."""
    values = {}
    with open(REFERENCE / "salesforce_picklist_values.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            values.setdefault((row["field"], row["contract_value"]), row["salesforce_value"])
    return values


def salesforce_id(table, key):
    return f"{SALESFORCE_PREFIXES[table]}{key}" if key else ""


def salesforce_key(sf_id):
    """The contract key behind a Salesforce Id of this generator."""
    return sf_id[3:] if sf_id and sf_id[:3] in SALESFORCE_PREFIXES.values() else sf_id


def salesforce_keys(table, rows):
    """A contract table's rows with every key written as a Salesforce Id."""
    names = column_names(table)
    targets = [KEY_COLUMNS.get(name) for name in names]
    return [[salesforce_id(target, value) if target else value
             for target, value in zip(targets, row)] for row in rows]


def date_part(timestamp):
    return timestamp[:10]


def to_salesforce(tables):
    sf = salesforce_id
    values = salesforce_values()
    accounts = records(tables, "accounts")
    leads = records(tables, "leads")
    deals = records(tables, "opportunities")
    lead_by_deal = {lead["opportunity_id"]: lead for lead in leads if lead["opportunity_id"]}
    closed = {stage["stage"] for stage in pipeline_stages() if stage["is_closed"] == "true"}
    teams = sorted({rep[3] for rep in tables["reps"] if rep[3]})
    role_ids = {team: sf("roles", f"R{i:03d}") for i, team in enumerate(teams, 1)}
    rates = {}
    for currency, day, rate in tables["fx_rates"]:
        rates.setdefault(currency, []).append((day, rate))

    objects = {}
    objects["user_role"] = [{"id": role_ids[team], "name": team} for team in teams]
    objects["user"] = [
        {"id": sf("reps", r["rep_id"]), "name": r["full_name"], "email": r["email"],
         "user_role_id": role_ids.get(r["team"], ""), "manager_id": sf("reps", r["manager_id"]),
         "country_code": r["region"], "last_modified_date": r["updated_at"]}
        for r in records(tables, "reps")]
    objects["account"] = [
        {"id": sf("accounts", a["account_id"]), "name": a["account_name"],
         "industry": a["industry"], "number_of_employees": EMPLOYEES.get(a["segment"], ""),
         "billing_country_code": a["country"], "owner_id": sf("reps", a["owner_rep_id"]),
         "created_date": a["created_at"], "last_modified_date": a["updated_at"]}
        for a in accounts]
    objects["product_2"] = [
        {"id": sf("products", p["product_id"]), "name": p["product_name"],
         "family": p["product_line"], "last_modified_date": p["updated_at"]}
        for p in records(tables, "products")]
    objects["campaign"] = [
        {"id": sf("campaigns", c["campaign_id"]), "name": c["campaign_name"],
         "type": values.get(("campaign.type", c["channel"]), c["channel"]),
         "start_date": c["started_at"], "end_date": c["ended_at"],
         "budgeted_cost": c["budget"], "currency_iso_code": c["currency"],
         "last_modified_date": c["updated_at"]}
        for c in records(tables, "campaigns")]
    objects["campaign_member"] = [
        {"campaign_id": sf("campaigns", lead["campaign_id"]), "lead_id": sf("leads", lead["lead_id"]),
         "created_date": lead["created_at"]}
        for lead in leads if lead["campaign_id"]]
    objects["lead"] = [
        {"id": sf("leads", lead["lead_id"]), "created_date": lead["created_at"],
         "lead_source": values.get(("lead.lead_source", lead["source_channel"]),
                                   lead["source_channel"]),
         "owner_id": sf("reps", lead["owner_rep_id"]), "email": lead["email"],
         "status": values.get(("lead.status", lead["status"]), label(lead["status"])),
         "is_converted": str(lead["status"] == "converted").lower(),
         "converted_date": date_part(lead["converted_at"]),
         "converted_opportunity_id": sf("opportunities", lead["opportunity_id"]),
         "converted_account_id": sf("accounts", lead["account_id"]) if lead["converted_at"] else "",
         "last_modified_date": lead["updated_at"]}
        for lead in leads]
    objects["opportunity"] = []
    objects["opportunity_line_item"] = []
    for d in deals:
        is_closed = d["stage"] in closed
        lead = lead_by_deal.get(d["opportunity_id"])
        objects["opportunity"].append({
            "id": sf("opportunities", d["opportunity_id"]), "account_id": sf("accounts", d["account_id"]),
            "owner_id": sf("reps", d["owner_rep_id"]), "stage_name": label(d["stage"]),
            "amount": d["amount"], "currency_iso_code": d["currency"],
            "close_date": date_part(d["closed_at"]) if is_closed else d["expected_close_date"],
            "created_date": d["created_at"],
            "type": values.get(("opportunity.type", d["opportunity_type"]), label(d["opportunity_type"])),
            "campaign_id": sf("campaigns", lead["campaign_id"]) if lead else "",
            "is_closed": str(is_closed).lower(), "is_won": str(d["stage"] == "closed_won").lower(),
            "last_modified_date": d["updated_at"]})
        objects["opportunity_line_item"].append({
            "id": sf("line_items", d["opportunity_id"]), "opportunity_id": sf("opportunities", d["opportunity_id"]),
            "product_2_id": sf("products", d["product_id"]), "total_price": d["amount"]})
    objects["opportunity_history"] = [
        {"opportunity_id": sf("opportunities", deal_id), "stage_name": label(stage), "created_date": entered}
        for deal_id, stage, entered in tables["opportunity_stage_history"]]
    objects["opportunity_stage"] = [
        {"master_label": label(s["stage"]), "api_name": label(s["stage"]), "sort_order": s["stage_order"],
         "default_probability": str(Decimal(s["win_probability"]) * 100),
         "is_closed": s["is_closed"], "is_won": s["is_won"]}
        for s in pipeline_stages()]
    objects["task"], objects["event"] = [], []
    for a in records(tables, "activities"):
        row = {"owner_id": sf("reps", a["rep_id"]), "type": label(a["activity_type"]),
               "created_date": a["occurred_at"],
               "what_id": (sf("opportunities", a["opportunity_id"]) or sf("accounts", a["account_id"])),
               "who_id": sf("leads", a["lead_id"]), "account_id": sf("accounts", a["account_id"]),
               "last_modified_date": a["updated_at"]}
        if a["activity_type"] in ("call", "email"):
            objects["task"].append({"id": sf("tasks", a["activity_id"]), **row,
                                    "task_subtype": label(a["activity_type"]), "is_closed": "true",
                                    "completed_date_time": a["occurred_at"]})
        else:
            objects["event"].append({"id": sf("events", a["activity_id"]), **row,
                                     "activity_date_time": a["occurred_at"]})
    # ConversionRate: units of a currency per unit of the corporate currency.
    objects["currency_type"] = [{"iso_code": CORPORATE_CURRENCY, "conversion_rate": "1"}] + [
        {"iso_code": currency, "conversion_rate": inverse(series[-1][1])}
        for currency, series in rates.items()]
    objects["dated_conversion_rate"] = [
        {"iso_code": currency, "start_date": day, "conversion_rate": inverse(rate)}
        for currency, series in rates.items() for day, rate in series]

    supplement = {table: salesforce_keys(table, tables[table]) for table in SALESFORCE_SUPPLEMENT}
    return objects, supplement


def inverse(rate):
    """1 / rate to 10 decimals: the mapping inverts it back to the same rate."""
    return str((1 / Decimal(rate)).quantize(Decimal("1e-10"), ROUND_HALF_UP))


def to_hubspot(tables):
    stages = pipeline_stages()
    stage_ids = {s["stage"]: s["stage"].replace("_", "") for s in stages}
    closed = {s["stage"] for s in stages if s["is_closed"] == "true"}
    leads = records(tables, "leads")
    rates = {(currency, day): Decimal(rate) for currency, day, rate in tables["fx_rates"]}
    rate_days = sorted({day for _, day in rates})

    def home_amount(deal):
        """The deal's amount in EUR (the portal's home currency), converted as
        staging converts it: at the rate of the close date (the expected one
        while open), rounded to the cent."""
        if not deal["amount"] or deal["currency"] == CORPORATE_CURRENCY:
            return deal["amount"]
        on = date_part(deal["closed_at"] or deal["expected_close_date"] or deal["created_at"])
        day = max([d for d in rate_days if d <= on] or rate_days[:1])
        return str((Decimal(deal["amount"]) * rates[(deal["currency"], day)])
                   .quantize(Decimal("0.01"), ROUND_HALF_UP))

    objects = {}
    reps = records(tables, "reps")
    teams = sorted({r["team"] for r in reps if r["team"]})
    team_ids = {team: str(i) for i, team in enumerate(teams, 1)}
    objects["team"] = [{"id": team_ids[team], "name": team} for team in teams]
    objects["owner"] = [
        {"owner_id": r["rep_id"], "first_name": r["full_name"].split(" ", 1)[0],
         "last_name": r["full_name"].split(" ", 1)[-1], "email": r["email"],
         "updated_at": r["updated_at"]}
        for r in reps]
    objects["owner_team"] = [{"owner_id": r["rep_id"], "team_id": team_ids[r["team"]],
                              "is_team_primary": "true"} for r in reps if r["team"]]
    objects["company"] = [
        {"id": a["account_id"], "property_name": a["account_name"], "property_industry": a["industry"],
         "property_numberofemployees": EMPLOYEES.get(a["segment"], ""),
         "property_country": a["country"], "property_hubspot_owner_id": a["owner_rep_id"],
         "property_createdate": a["created_at"], "_fivetran_synced": a["updated_at"]}
        for a in records(tables, "accounts")]
    objects["contact"] = [
        {"id": lead["lead_id"], "property_createdate": lead["created_at"],
         "property_email": lead["email"],
         "property_lifecyclestage": HUBSPOT_STATUSES[lead["status"]][0],
         "property_hs_lead_status": HUBSPOT_STATUSES[lead["status"]][1],
         "property_hs_analytics_source": HUBSPOT_SOURCES[lead["source_channel"]],
         "property_hubspot_owner_id": lead["owner_rep_id"],
         "property_associatedcompanyid": lead["account_id"],
         "property_hs_lifecyclestage_opportunity_date": lead["converted_at"],
         "_fivetran_synced": lead["updated_at"]}
        for lead in leads]
    objects["deal_pipeline"] = [HUBSPOT_PIPELINE]
    objects["deal_pipeline_stage"] = [
        {"pipeline_id": HUBSPOT_PIPELINE["pipeline_id"], "stage_id": stage_ids[s["stage"]],
         "label": label(s["stage"]), "display_order": s["stage_order"],
         "probability": s["win_probability"], "is_closed": s["is_closed"], "closed_won": s["is_won"]}
        for s in stages]
    deals = records(tables, "opportunities")
    objects["deal"] = [
        {"deal_id": d["opportunity_id"], "deal_pipeline_id": HUBSPOT_PIPELINE["pipeline_id"],
         "deal_pipeline_stage_id": stage_ids[d["stage"]], "owner_id": d["owner_rep_id"],
         "property_createdate": d["created_at"],
         "property_closedate": d["closed_at"] if d["stage"] in closed else d["expected_close_date"],
         "property_amount": d["amount"], "property_amount_in_home_currency": home_amount(d),
         "property_dealtype": HUBSPOT_DEAL_TYPES[d["opportunity_type"]],
         "property_closed_lost_reason": d["loss_reason"], "is_deleted": "false",
         "_fivetran_synced": d["updated_at"]}
        for d in deals]
    objects["deal_stage"] = [
        {"deal_id": deal_id, "value": stage_ids[stage], "date_entered": entered}
        for deal_id, stage, entered in tables["opportunity_stage_history"]]
    objects["deal_company"] = [{"deal_id": d["opportunity_id"], "company_id": d["account_id"],
                                "type_id": "5"} for d in deals if d["account_id"]]
    objects["deal_contact"] = [{"deal_id": d["opportunity_id"], "contact_id": d["lead_id"]}
                               for d in deals if d["lead_id"]]
    # A deal with a product has one line item of it (id: the deal's key behind
    # LI), for the deal's amount; the product keeps its contract key, which is
    # the product_id of the supplement's products.
    objects["line_item"] = [
        {"id": f"LI{d['opportunity_id']}", "property_hs_product_id": d["product_id"],
         "property_amount": d["amount"], "_fivetran_deleted": "false"}
        for d in deals if d["product_id"]]
    objects["line_item_deal"] = [{"line_item_id": f"LI{d['opportunity_id']}",
                                  "deal_id": d["opportunity_id"]}
                                 for d in deals if d["product_id"]]
    objects["merged_deal"] = []
    kinds = {"call": "engagement_call", "email": "engagement_email",
             "meeting": "engagement_meeting", "demo": "engagement_meeting"}
    for table in set(kinds.values()):
        objects[table] = []
    for association in ("deal", "contact", "company"):
        objects[f"engagement_{association}"] = []
    for a in records(tables, "activities"):
        row = {"engagement_id": a["activity_id"], "property_hs_timestamp": a["occurred_at"],
               "property_hubspot_owner_id": a["rep_id"], "_fivetran_synced": a["updated_at"]}
        if a["activity_type"] == "email":
            row["type"] = "EMAIL"
        if a["activity_type"] in ("meeting", "demo"):
            row["property_hs_activity_type"] = label(a["activity_type"])
        objects[kinds[a["activity_type"]]].append(row)
        for association, column, key in (("deal", "deal_id", "opportunity_id"),
                                         ("contact", "contact_id", "lead_id"),
                                         ("company", "company_id", "account_id")):
            if a[key]:
                objects[f"engagement_{association}"].append(
                    {"engagement_id": a["activity_id"], column: a[key]})

    supplement = {table: tables[table] for table in HUBSPOT_SUPPLEMENT}
    return objects, supplement


SHAPES = {"salesforce": to_salesforce, "hubspot": to_hubspot}
