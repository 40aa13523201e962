{#- The raw CRM input contract (../shared/raw_crm_schema.md) as data, in
    one YAML document: its 17 tables, each with the columns that identify a
    record (record_key: quarantine reports their raw values joined by '|')
    and its columns in contract order. dbt reads it here, while it parses
    the project, when a model runs and in unit tests; scripts/crm_contract.py
    (the loader, the generator, the tests) reads the same text. Staging
    generates from it each base_crm__<table> model's texts, parsed values
    and mechanical rejection reasons (macros/contract_staging.sql); a base
    model hand-writes only the rules particular to its table.

    Per column:
      kind: how staging reads the value (the loader's locale options convert
        dates, timestamps, amounts and rates):
        id, text         trimmed text;
        code             trimmed, upper-cased (ISO country or currency codes);
        currency         a code; empty means the reporting currency; the
                         row's amounts convert from it ('unknown currency'
                         without a rate);
        channel          a channel of the channels seed in any label form, else
                         the text lower-cased, or 'unknown' (never rejected);
        enum             a label, normalised ('Closed Won' -> closed_won);
        date, timestamp  ISO 8601 ('unparseable <column>', 'implausible year in
                         <column>'); timestamps to UTC;
        amount           money in the row's currency ('unparseable <column>',
                         '<column> out of range', 'negative <column>');
        rate             a decimal ratio; integer: a whole number;
      optional: true: may be empty (null ok); any other column is required
        ('missing <column>' when empty);
      values: an enum's closed vocabulary: a required enum outside it is
        rejected ('invalid <column>'); an optional one reads NULL (listed in
        audit_data_quality_warnings); staging's contract_values tests read it;
      default: what an empty optional enum reads as (an unrecognised one then
        reads 'unknown');
      first_of_month: true: a date staged as the first day of its month;
      pii: true: kept in the raw row only, never carried into staging;
      staged_as: the base model's name for the parsed value (default: the
        column's name; the raw text of a column that is not an id, text, code
        or currency is <column>_text).
    The stages are the pipeline_stages seed's, checked by the models. -#}
{% macro crm_contract() -%}
{%- set contract -%}
reps:
  record_key: [rep_id]
  columns:
    # Rep key (required).
    - {name: rep_id, kind: id}
    # Display name.
    - {name: full_name, kind: text, optional: true}
    # Work e-mail (PII; not carried past staging).
    - {name: email, kind: text, optional: true, pii: true}
    # Sales team the rep belongs to.
    - {name: team, kind: text, optional: true}
    # Region or country the rep covers (SE, NO, DK, FI ...).
    - {name: region, kind: code, optional: true}
    # rep_id of the rep's manager.
    - {name: manager_id, kind: id, optional: true}
    # Date the rep started (YYYY-MM-DD).
    - {name: hired_at, kind: date, optional: true, staged_as: hired_date}
    # Date the rep left, empty while employed.
    - {name: left_at, kind: date, optional: true, staged_as: left_date}
    # Last change in the CRM; the latest version of a record wins.
    - {name: updated_at, kind: timestamp, optional: true}
accounts:
  record_key: [account_id]
  columns:
    # Account key (required).
    - {name: account_id, kind: id}
    # Company name.
    - {name: account_name, kind: text, optional: true}
    # Industry, free text.
    - {name: industry, kind: text, optional: true}
    # Customer segment, smb, mid_market or enterprise (any case or label form).
    - {name: segment, kind: enum, optional: true, values: [smb, mid_market, enterprise]}
    # ISO 3166 alpha-2 country code.
    - {name: country, kind: code, optional: true}
    # rep_id of the account owner.
    - {name: owner_rep_id, kind: id, optional: true}
    # When the account was created in the CRM.
    - {name: created_at, kind: timestamp, optional: true}
    # Last change in the CRM; the latest version of a record wins.
    - {name: updated_at, kind: timestamp, optional: true}
products:
  record_key: [product_id]
  columns:
    # Product key (required).
    - {name: product_id, kind: id}
    # Product name.
    - {name: product_name, kind: text, optional: true}
    # Product line the product belongs to.
    - {name: product_line, kind: text, optional: true}
    # List price in the product's currency.
    - {name: list_price, kind: amount, optional: true, staged_as: list_price_in_currency}
    # ISO 4217 currency of list_price; empty means the reporting currency.
    - {name: currency, kind: currency, optional: true}
    # Last change in the CRM; the latest version of a record wins.
    - {name: updated_at, kind: timestamp, optional: true}
campaigns:
  record_key: [campaign_id]
  columns:
    # Campaign key (required).
    - {name: campaign_id, kind: id}
    # Campaign name.
    - {name: campaign_name, kind: text, optional: true}
    # Channel the campaign runs in, free text (see the channels seed).
    - {name: channel, kind: channel, optional: true}
    # First day of the campaign (required); the date its budget converts at.
    - {name: started_at, kind: date, staged_as: start_date}
    # Last day of the campaign, empty while running.
    - {name: ended_at, kind: date, optional: true, staged_as: end_date}
    # Campaign budget in the campaign's currency.
    - {name: budget, kind: amount, optional: true, staged_as: budget_in_currency}
    # ISO 4217 currency of budget; empty means the reporting currency.
    - {name: currency, kind: currency, optional: true}
    # Last change in the CRM; the latest version of a record wins.
    - {name: updated_at, kind: timestamp, optional: true}
leads:
  record_key: [lead_id]
  columns:
    # Lead key (required).
    - {name: lead_id, kind: id}
    # When the lead was created (required).
    - {name: created_at, kind: timestamp}
    # Channel the lead came from, free text (see the channels seed).
    - {name: source_channel, kind: channel, optional: true}
    # Campaign that generated the lead.
    - {name: campaign_id, kind: id, optional: true}
    # Who originated the lead, marketing or sales.
    - {name: origin, kind: enum, optional: true, values: [marketing, sales]}
    # rep_id of the rep who owns the lead.
    - {name: owner_rep_id, kind: id, optional: true}
    # Account the lead belongs to.
    - {name: account_id, kind: id, optional: true}
    # Lead's e-mail (PII; not carried past staging).
    - {name: email, kind: text, optional: true, pii: true}
    # new, working, qualified, disqualified or converted.
    - {name: status, kind: enum, optional: true, values: [new, working, qualified, disqualified, converted]}
    # First response to the lead as recorded by the CRM.
    - {name: first_response_at, kind: timestamp, optional: true}
    # When the lead was converted to an opportunity.
    - {name: converted_at, kind: timestamp, optional: true}
    # Opportunity the lead converted into.
    - {name: opportunity_id, kind: id, optional: true}
    # Last change in the CRM; the latest version of a record wins.
    - {name: updated_at, kind: timestamp, optional: true}
opportunities:
  record_key: [opportunity_id]
  columns:
    # Deal key (required).
    - {name: opportunity_id, kind: id}
    # Account the deal is with.
    - {name: account_id, kind: id, optional: true}
    # Lead the deal came from; empty for deals without a lead (lead source "direct").
    - {name: lead_id, kind: id, optional: true}
    # rep_id of the deal owner (required).
    - {name: owner_rep_id, kind: id}
    # Product the deal is for.
    - {name: product_id, kind: id, optional: true}
    # new_business, upsell, cross_sell or renewal; empty means new_business.
    - {name: opportunity_type, kind: enum, optional: true, values: [new_business, upsell, cross_sell, renewal], default: new_business}
    # Deal value in the deal's currency; may be empty while open (counts as 0).
    - {name: amount, kind: amount, optional: true, staged_as: amount_in_currency}
    # ISO 4217 currency of amount; empty means the reporting currency.
    - {name: currency, kind: currency, optional: true}
    # When the deal was created (required).
    - {name: created_at, kind: timestamp}
    # Date the deal is expected to close (open deals).
    - {name: expected_close_date, kind: date, optional: true}
    # When the deal closed; required when the stage is closed_won or closed_lost.
    - {name: closed_at, kind: timestamp, optional: true, staged_as: parsed_closed_at}
    # Current pipeline stage (required; see the pipeline_stages seed).
    - {name: stage, kind: enum}
    # Why a lost deal was lost, free text.
    - {name: loss_reason, kind: text, optional: true}
    # Last change in the CRM; the latest version of a record wins.
    - {name: updated_at, kind: timestamp, optional: true}
opportunity_stage_history:
  record_key: [opportunity_id, stage, entered_at]
  columns:
    # The deal (required).
    - {name: opportunity_id, kind: id}
    # Stage entered (required).
    - {name: stage, kind: enum}
    # When the deal entered the stage (required).
    - {name: entered_at, kind: timestamp}
activities:
  record_key: [activity_id]
  columns:
    # Activity key (required).
    - {name: activity_id, kind: id}
    # Rep who logged the activity (required).
    - {name: rep_id, kind: id}
    # call, email, meeting or demo (required).
    - {name: activity_type, kind: enum, values: [call, email, meeting, demo]}
    # When the activity happened (required).
    - {name: occurred_at, kind: timestamp}
    # Lead the activity was on.
    - {name: lead_id, kind: id, optional: true}
    # Deal the activity was on.
    - {name: opportunity_id, kind: id, optional: true}
    # Account the activity was with.
    - {name: account_id, kind: id, optional: true}
    # positive, negative, neutral or no_response.
    - {name: outcome, kind: enum, optional: true, values: [positive, negative, neutral, no_response]}
    # Last change in the CRM; the latest version of a record wins.
    - {name: updated_at, kind: timestamp, optional: true}
quotas:
  record_key: [rep_id, month]
  columns:
    # The rep (required).
    - {name: rep_id, kind: id}
    # First day of the month (required).
    - {name: month, kind: date, first_of_month: true}
    # Target in the quota's currency (required).
    - {name: quota_amount, kind: amount, staged_as: quota_in_currency}
    # ISO 4217 currency of quota_amount; empty means the reporting currency.
    - {name: currency, kind: currency, optional: true}
forecasts:
  record_key: [rep_id, month, submitted_at]
  columns:
    # The rep (required).
    - {name: rep_id, kind: id}
    # First day of the month forecast (required).
    - {name: month, kind: date, first_of_month: true}
    # Forecast in the forecast's currency (required).
    - {name: forecast_amount, kind: amount, staged_as: forecast_in_currency}
    # ISO 4217 currency of forecast_amount; empty means the reporting currency.
    - {name: currency, kind: currency, optional: true}
    # When the forecast was submitted (required).
    - {name: submitted_at, kind: timestamp}
invoices:
  record_key: [invoice_id]
  columns:
    # Invoice key (required).
    - {name: invoice_id, kind: id}
    # Account billed (required).
    - {name: account_id, kind: id}
    # Deal the invoice bills, if any.
    - {name: opportunity_id, kind: id, optional: true}
    # Invoice date (required); the date its amount converts at.
    - {name: invoiced_at, kind: date, staged_as: invoice_date}
    # Invoiced amount in the invoice's currency (required).
    - {name: amount, kind: amount, staged_as: amount_in_currency}
    # ISO 4217 currency of amount; empty means the reporting currency.
    - {name: currency, kind: currency, optional: true}
    # Last change in the CRM; the latest version of a record wins.
    - {name: updated_at, kind: timestamp, optional: true}
subscriptions:
  record_key: [subscription_id]
  columns:
    # Subscription key (required).
    - {name: subscription_id, kind: id}
    # Customer account (required).
    - {name: account_id, kind: id}
    # Product subscribed to.
    - {name: product_id, kind: id, optional: true}
    # Deal that created the subscription.
    - {name: opportunity_id, kind: id, optional: true}
    # First active day (required); the date its mrr converts at.
    - {name: started_at, kind: date, staged_as: start_date}
    # First day no longer active (exclusive); empty while active.
    - {name: ended_at, kind: date, optional: true, staged_as: end_date}
    # Monthly recurring amount in the subscription's currency (required).
    - {name: mrr, kind: amount, staged_as: mrr_in_currency}
    # ISO 4217 currency of mrr; empty means the reporting currency.
    - {name: currency, kind: currency, optional: true}
    # Last change in the CRM; the latest version of a record wins.
    - {name: updated_at, kind: timestamp, optional: true}
costs:
  record_key: [month, cost_category, channel]
  columns:
    # First day of the month (required).
    - {name: month, kind: date, first_of_month: true}
    # sales or marketing (required).
    - {name: cost_category, kind: enum, values: [sales, marketing]}
    # Marketing channel the cost belongs to, free text.
    - {name: channel, kind: channel, optional: true}
    # Spend in the cost's currency (required).
    - {name: amount, kind: amount, staged_as: amount_in_currency}
    # ISO 4217 currency of amount; empty means the reporting currency.
    - {name: currency, kind: currency, optional: true}
web_traffic:
  record_key: [visit_date, channel]
  columns:
    # The day (required).
    - {name: visit_date, kind: date}
    # Channel the visitors came from, free text.
    - {name: channel, kind: channel, optional: true}
    # Number of visitors (required).
    - {name: visitors, kind: integer}
nps_responses:
  record_key: [response_id]
  columns:
    # Response key (required).
    - {name: response_id, kind: id}
    # Account that answered.
    - {name: account_id, kind: id, optional: true}
    # Deal the survey followed.
    - {name: opportunity_id, kind: id, optional: true}
    # When the answer was given (required).
    - {name: responded_at, kind: timestamp}
    # 0-10 likelihood to recommend (required).
    - {name: score, kind: integer}
employee_surveys:
  record_key: [response_id]
  columns:
    # Response key (required).
    - {name: response_id, kind: id}
    # Rep who answered (required).
    - {name: rep_id, kind: id}
    # When the answer was given (required).
    - {name: surveyed_at, kind: timestamp}
    # 1-5 satisfaction (required).
    - {name: score, kind: integer}
fx_rates:
  record_key: [currency, rate_date]
  columns:
    # ISO 4217 currency converted from (required).
    - {name: currency, kind: code}
    # Date the rate applies from (required).
    - {name: rate_date, kind: date}
    # Reporting-currency units per 1 unit of currency (required).
    - {name: rate_to_reporting, kind: rate}
{%- endset -%}
    {{ return(fromyaml(contract)) }}
{%- endmacro %}

{#- The 17 raw tables of the input contract, in contract order. -#}
{% macro crm_tables() -%}
    {{ return(crm_contract().keys() | list) }}
{%- endmacro %}

{#- A contract table as staging reads it, from one read of the contract:
    name, record_key and columns in contract order, each a dict: name, kind,
    optional, accepted_values (the meta's values), default, first_of_month,
    pii, text (the raw text's name) and value (the parsed value's name). A
    base model reads its table once and hands it to each staging macro:
    when each macro read the contract's YAML again, that was 117 reads a
    build, about 1 s of CPU (5 % of a small build's samples). -#}
{% macro contract_table(table_name) -%}
    {%- set table = crm_contract()[table_name] -%}
    {%- set columns = [] -%}
    {%- for column in table.columns -%}
        {%- do columns.append({
            'name': column.name,
            'kind': column.kind,
            'optional': column.get('optional', false),
            'accepted_values': column.get('values', []),
            'default': column.get('default'),
            'first_of_month': column.get('first_of_month', false),
            'pii': column.get('pii', false),
            'text': column.name if column.kind in ('id', 'text', 'code', 'currency') else column.name ~ '_text',
            'value': column.get('staged_as', column.name),
        }) -%}
    {%- endfor -%}
    {{ return({'name': table_name, 'record_key': table.record_key, 'columns': columns}) }}
{%- endmacro %}

{#- A contract table's columns (contract_table). -#}
{% macro contract_columns(table_name) -%}
    {{ return(contract_table(table_name).columns) }}
{%- endmacro %}
