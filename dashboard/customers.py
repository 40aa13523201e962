"""Customers: MRR bridge, retention and churn, CLV:CAC, NPS."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import data
import ui
from ui import COLORS

f = ui.header("Customers", "subscriptions")
end = ui.month_label(f.last_month)

mrr = data.rollup("kpi_mrr", ["month"], ["starting_mrr_amount", "new_mrr_amount", "expansion_mrr_amount",
                                         "churned_mrr_amount", "ending_mrr_amount", "active_customers"], f)
churn = data.rollup("kpi_customer_retention", [], ["retained_customers", "churned_customers",
                                                   "customers_at_start"], f,
                    condition="period_type = 'month'")
acquisition = data.rollup("kpi_customer_acquisition_cost", [], {
    "total_cost_amount": "total_cost_amount", "new_customers": "new_customers",
    "lifetime_value_acquired": "customer_lifetime_value * new_customers"}, f,
    condition="total_cost_amount > 0 and customer_lifetime_value is not null")
nps = data.rollup("kpi_nps", [], ["responses", "promoters", "detractors"], f)
nps_score = None if nps.empty else data.ratio(nps.assign(net=100 * (nps.promoters - nps.detractors)),
                                              "net", "responses")
ending = mrr[mrr.month == pd.Timestamp(f.last_month)]

ui.metrics([
    (f"MRR {end}", ui.money(None if ending.empty else ending.ending_mrr_amount.iloc[0], short=True),
     "Monthly recurring revenue on the month's last day (the as_of day for the current month).", "kpi_mrr"),
    ("Monthly retention", ui.percent(data.ratio(churn, "retained_customers", "customers_at_start")),
     "By count: Σ customers kept ÷ Σ customers at the start of the month, over the months of the "
     "period.", "kpi_customer_retention"),
    ("Monthly churn", ui.percent(data.ratio(churn, "churned_customers", "customers_at_start")),
     "By count: Σ customers lost ÷ Σ customers at the start of the month, over the months of the "
     "period.", "kpi_customer_retention"),
    ("CLV:CAC", ui.number(data.ratio(acquisition, "lifetime_value_acquired", "total_cost_amount"), 1, " : 1"),
     "By value: Σ (lifetime value × new customers) ÷ Σ acquisition cost, over the months with spend "
     "and a CLV.", "kpi_customer_acquisition_cost"),
    ("NPS", ui.number(nps_score, 0),
     "100 × (Σ promoters − Σ detractors) ÷ Σ responses in the period.", "kpi_nps"),
])

left, right = st.columns(2)
with left:
    if ui.section("MRR bridge",
                  f"By value: MRR at the start of {ui.month_label(f.first_month)}, plus new and expansion "
                  f"MRR, minus churned MRR, gives MRR on {ui.snapshot_label(f.last_month)}.",
                  "kpi_mrr", mrr, "No subscription was active in this period."):
        steps = [("Starting MRR", mrr.starting_mrr_amount.iloc[0], "absolute"),
                 ("New", mrr.new_mrr_amount.sum(), "relative"),
                 ("Expansion", mrr.expansion_mrr_amount.sum(), "relative"),
                 ("Churned", -mrr.churned_mrr_amount.sum(), "relative"),
                 ("Ending MRR", mrr.ending_mrr_amount.iloc[-1], "total")]
        figure = go.Figure(go.Waterfall(
            x=[s[0] for s in steps], y=[s[1] for s in steps], measure=[s[2] for s in steps],
            text=[ui.money(s[1]) for s in steps], textposition="outside", cliponaxis=False,
            increasing={"marker": {"color": COLORS["good"]}}, decreasing={"marker": {"color": COLORS["bad"]}},
            totals={"marker": {"color": COLORS["count"]}}, connector={"line": {"color": "#999"}}))
        ui.money_axis(figure)
        figure.update_yaxes(range=[0, max(mrr.starting_mrr_amount.iloc[0], mrr.ending_mrr_amount.iloc[-1],
                                          mrr.starting_mrr_amount.iloc[0] + mrr.new_mrr_amount.sum()
                                          + mrr.expansion_mrr_amount.sum()) * 1.15])
        figure.update_layout(showlegend=False)
        ui.show(figure)

with right:
    retention = data.rollup("kpi_customer_retention", ["period_start"],
                            ["customers_at_start", "retained_customers", "churned_customers"], f,
                            condition="period_type = 'month'")
    retention = retention[retention.customers_at_start > 0]
    if ui.section("Customer churn and retention by month",
                  "By count of customers: churned ÷ customers at the start of the month; retention is "
                  "the rest (retained ÷ customers at the start, 100 % − churn; in the hover).",
                  "kpi_customer_retention", retention, "No customers in this period."):
        churn_rate = data.divide(retention.churned_customers, retention.customers_at_start)
        figure = go.Figure(ui.line(
            retention.period_start, churn_rate, "Churn", COLORS["bad"],
            customdata=list(zip(retention.churned_customers, retention.customers_at_start,
                                data.divide(retention.retained_customers, retention.customers_at_start))),
            hovertemplate="churn %{y:.1%} (%{customdata[0]:,.0f} of %{customdata[1]:,.0f} customers), "
                          "retention %{customdata[2]:.1%}<extra></extra>"))
        ui.percent_axis(figure)
        figure.update_yaxes(title="Monthly churn")
        ui.month_axis(figure)
        ui.show(figure)

left, right = st.columns(2)
with left:
    ratio = data.rollup("kpi_customer_acquisition_cost", ["month"], {
        "total_cost_amount": "total_cost_amount", "new_customers": "new_customers",
        "lifetime_value_acquired": "customer_lifetime_value * new_customers"}, f,
        condition="total_cost_amount > 0 and customer_lifetime_value is not null")
    if ui.section("CLV:CAC by month",
                  "By value: customer lifetime value ÷ acquisition cost per new customer, computed as "
                  "CLV × new customers ÷ total sales and marketing cost (months with recorded spend). "
                  "3 : 1 is the usual healthy mark.",
                  "kpi_customer_acquisition_cost", ratio, "No month with recorded spend and a lifetime value "
                                                          "in this period."):
        figure = go.Figure(ui.line(ratio.month, data.divide(ratio.lifetime_value_acquired,
                                                            ratio.total_cost_amount),
                                   "CLV:CAC", COLORS["count"], customdata=ratio.new_customers,
                                   hovertemplate="%{y:.1f} : 1 (%{customdata:,.0f} new customers)"))
        ui.target_line(figure, 3, "3 : 1")
        figure.update_yaxes(ticksuffix=" : 1", rangemode="tozero")
        ui.month_axis(figure)
        ui.show(figure)

with right:
    scores = data.rollup("kpi_nps", ["month"], ["responses", "promoters", "passives", "detractors"], f)
    if ui.section("Net Promoter Score by month",
                  "100 × (promoters − detractors) ÷ responses (by count of survey responses), from −100 to "
                  "100. Bar labels: responses.",
                  "kpi_nps", scores, "No NPS survey responses in this period."):
        score = 100 * data.divide(scores.promoters - scores.detractors, scores.responses)
        figure = go.Figure(ui.bar(scores.month, score, "NPS",
                                  [COLORS["good"] if s >= 0 else COLORS["bad"] for s in score],
                                  text=[f"{n:,.0f}" for n in scores.responses], textposition="outside",
                                  cliponaxis=False, hovertemplate="NPS %{y:.0f}"))
        figure.update_yaxes(range=[min(-10, score.min() - 15), max(10, score.max() + 15)])
        ui.month_axis(figure)
        ui.show(figure)
