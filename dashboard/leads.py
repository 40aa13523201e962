"""Leads: funnel, conversion by channel, speed to lead, cost per lead,
marketing- against sales-originated leads."""

import plotly.graph_objects as go
import streamlit as st

import data
import ui
from ui import COLORS

f = ui.header("Leads", "leads")

new = data.rollup("kpi_new_leads", [], ["new_leads", "marketing_originated_leads"], f)
conversion = data.rollup("kpi_lead_conversion", [], ["leads", "converted_leads"], f)
response = data.rollup("kpi_lead_response_time", [], ["responded_leads", "total_response_hours",
                                                       "responded_within_1h"], f)

ui.metrics([
    ("New leads", ui.number(data.total(new, "new_leads")), "Leads created in the period.", "kpi_new_leads"),
    ("Marketing share", ui.percent(data.ratio(new, "marketing_originated_leads", "new_leads")),
     "Σ marketing-originated leads ÷ Σ new leads.", "kpi_new_leads"),
    ("Lead to opportunity", ui.percent(data.ratio(conversion, "converted_leads", "leads")),
     "Σ leads with an opportunity ÷ Σ leads created in the period; by cohort.", "kpi_lead_conversion"),
    ("Speed to lead", ui.number(data.ratio(response, "total_response_hours", "responded_leads"), 1, " h"),
     "Average hours to first response: Σ response hours ÷ Σ answered leads created in the period.",
     "kpi_lead_response_time"),
    ("Answered within 1 h", ui.percent(data.ratio(response, "responded_within_1h", "responded_leads")),
     "Σ leads answered within an hour ÷ Σ answered leads.", "kpi_lead_response_time"),
])

left, right = st.columns(2)
with left:
    funnel = data.rollup("kpi_lead_funnel", ["step_order", "funnel_step"], ["leads_at_step", "cohort_leads"], f)
    if ui.section("Lead funnel",
                  "By count: leads created in the period that reached each step (created, contacted, "
                  "qualified, opportunity, won); percentages of the leads created.",
                  "kpi_lead_funnel", funnel, "No lead was created in this period."):
        figure = go.Figure(go.Funnel(
            y=[ui.label(s) for s in funnel.funnel_step], x=funnel.leads_at_step,
            text=[f"{n:,.0f} ({ui.percent(p)})" for n, p in
                  zip(funnel.leads_at_step, data.divide(funnel.leads_at_step, funnel.cohort_leads))],
            textinfo="text", marker={"color": COLORS["count"]}))
        ui.show(figure)

with right:
    channels = data.rollup("kpi_lead_conversion", ["source_channel"], ["leads", "converted_leads", "won_leads"], f)
    channels["to_opportunity"] = data.divide(channels.converted_leads, channels.leads)
    channels["to_customer"] = data.divide(channels.won_leads, channels.leads)
    channels = channels.sort_values("to_opportunity")
    if ui.section("Conversion by channel",
                  "By count: Σ leads with an opportunity (and with a won deal) ÷ Σ leads created in the "
                  "period, per source channel.",
                  "kpi_lead_conversion", channels, "No lead was created in this period."):
        names = [ui.label(c) for c in channels.source_channel]
        figure = go.Figure([
            ui.bar(channels.to_customer, names, "Lead to customer", COLORS["good"], orientation="h"),
            ui.bar(channels.to_opportunity, names, "Lead to opportunity", COLORS["count"], orientation="h",
                   customdata=channels.leads, hovertemplate="%{x:.1%} of %{customdata:,.0f} leads"),
        ])
        ui.percent_axis(figure, "x")
        ui.show(figure, height=max(360, 30 * len(channels) + 100))

left, right = st.columns(2)
with left:
    speed = data.rollup("kpi_lead_response_time", ["month"], ["responded_leads", "total_response_hours"], f,
                        condition="responded_leads > 0")
    if ui.section("Speed to lead by month",
                  "Average hours from lead created to first response: Σ response hours ÷ Σ answered "
                  "leads, by the month the leads were created.",
                  "kpi_lead_response_time", speed, "No lead created in this period was answered."):
        figure = go.Figure(ui.bar(speed.month, data.divide(speed.total_response_hours, speed.responded_leads),
                                  "Average response hours", COLORS["count"]))
        figure.update_yaxes(ticksuffix=" h", hoverformat=".1f")
        ui.month_axis(figure)
        ui.show(figure)

with right:
    costs = data.rollup("kpi_cost_per_lead", ["channel"], ["budget_amount", "leads"], f,
                        condition="budget_amount is not null")
    costs["cost_per_lead"] = data.divide(costs.budget_amount, costs.leads)
    costs = costs.dropna(subset=["cost_per_lead"]).sort_values("cost_per_lead")
    if ui.section("Cost per lead by campaign channel",
                  "By value: Σ campaign budgets ÷ Σ leads of those campaigns, every campaign started "
                  "by the as_of date (campaigns without a budget left out).",
                  "kpi_cost_per_lead", costs, "No campaign with a budget and leads."):
        figure = go.Figure(ui.bar(costs.cost_per_lead, [ui.label(c) for c in costs.channel],
                                  "Cost per lead", COLORS["value"], orientation="h",
                                  customdata=costs.leads,
                                  hovertemplate="%{x:,.2f} per lead (%{customdata:,.0f} leads)"))
        ui.money_axis(figure, "x")
        figure.update_xaxes(tickformat=",.0f")
        ui.show(figure)

origin = data.rollup("kpi_new_leads", ["month"], ["new_leads", "marketing_originated_leads",
                                                  "sales_originated_leads"], f)
if ui.section("Marketing- and sales-originated leads by month",
              "By count: leads created in the month by origin (leads without a known origin apart).",
              "kpi_new_leads", origin, "No lead was created in this period."):
    other = origin.new_leads - origin.marketing_originated_leads - origin.sales_originated_leads
    figure = go.Figure([
        ui.bar(origin.month, origin.marketing_originated_leads, "Marketing-originated", COLORS["value"]),
        ui.bar(origin.month, origin.sales_originated_leads, "Sales-originated", COLORS["count"]),
        ui.bar(origin.month, other, "Origin unknown", COLORS["neutral"]),
    ])
    figure.update_layout(barmode="stack")
    ui.month_axis(figure)
    ui.show(figure)
