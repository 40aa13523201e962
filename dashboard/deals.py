"""Deals: win rate by count and by value, sales cycle, deal size by segment."""

import plotly.graph_objects as go
import streamlit as st

import data
import ui
from ui import COLORS

f = ui.header("Deals", "opportunities")

closed = data.rollup("kpi_win_rate", [], ["won_count", "closed_count", "won_amount", "closed_amount"], f)
cycle = data.rollup("kpi_sales_cycle", [], ["deal_count", "total_cycle_days"], f, condition="outcome = 'won'")

ui.metrics([
    ("Win rate (by count)", ui.percent(data.ratio(closed, "won_count", "closed_count")),
     "Σ deals won ÷ Σ deals closed (won + lost) in the period.", "kpi_win_rate"),
    ("Win rate (by value)", ui.percent(data.ratio(closed, "won_amount", "closed_amount")),
     "Σ won amount ÷ Σ closed amount in the period.", "kpi_win_rate"),
    ("Deals won", ui.number(data.total(closed, "won_count")),
     "Deals closed won in the period.", "kpi_win_rate"),
    ("Average deal size", ui.money(data.ratio(closed, "won_amount", "won_count")),
     "Σ won amount ÷ Σ deals won in the period.", "kpi_win_rate"),
    ("Cycle, won deals", ui.number(data.ratio(cycle, "total_cycle_days", "deal_count"), 0, " days"),
     "Σ days from created to closed ÷ Σ won deals closed in the period.", "kpi_sales_cycle"),
])

left, right = st.columns(2)
with left:
    monthly = data.rollup("kpi_win_rate", ["month"], ["won_count", "closed_count", "won_amount", "closed_amount"], f)
    if ui.section("Win rate by month, by count and by value",
                  "By count: Σ won deals ÷ Σ closed deals. By value: Σ won amount ÷ Σ closed amount. "
                  "Deals count in the month they closed.",
                  "kpi_win_rate", monthly, "No deal was closed in this period."):
        figure = go.Figure([
            ui.line(monthly.month, data.divide(monthly.won_count, monthly.closed_count), "By count",
                    COLORS["count"], customdata=monthly[["won_count", "closed_count"]],
                    hovertemplate="%{y:.1%} (%{customdata[0]:,.0f} of %{customdata[1]:,.0f} deals)"),
            ui.line(monthly.month, data.divide(monthly.won_amount, monthly.closed_amount), "By value",
                    COLORS["value"]),
        ])
        ui.percent_axis(figure)
        ui.month_axis(figure)
        ui.show(figure)

with right:
    cycles = data.rollup("kpi_sales_cycle", ["month", "outcome"], ["deal_count", "total_cycle_days"], f)
    if ui.section("Sales cycle by month",
                  "Average days from created to closed: Σ cycle days ÷ Σ deals closed in the month, "
                  "won and lost deals apart (by count of deals, not value).",
                  "kpi_sales_cycle", cycles, "No deal was closed in this period."):
        figure = go.Figure([
            ui.line(part.month, data.divide(part.total_cycle_days, part.deal_count),
                    f"{ui.label(outcome)} deals", COLORS["good"] if outcome == "won" else COLORS["bad"],
                    customdata=part.deal_count,
                    hovertemplate="%{y:.0f} days (%{customdata:,.0f} deals)")
            for outcome, part in cycles.groupby("outcome", sort=False)])
        figure.update_yaxes(ticksuffix=" d", rangemode="tozero")
        ui.month_axis(figure)
        ui.show(figure)

left, right = st.columns(2)
with left:
    sizes = data.rollup("kpi_average_deal_size", ["segment"], ["won_count", "won_amount"], f)
    if ui.section("Average deal size by segment",
                  "By value: Σ won amount ÷ Σ won deals in the period. Bar labels: deals won.",
                  "kpi_average_deal_size", sizes, "No deal was won in this period."):
        figure = go.Figure(ui.bar([ui.label(s) for s in sizes.segment],
                                  data.divide(sizes.won_amount, sizes.won_count), "Average deal size",
                                  COLORS["value"], text=[f"{n:,.0f} won" for n in sizes.won_count],
                                  textposition="outside", cliponaxis=False))
        ui.money_axis(figure)
        ui.show(figure)

with right:
    segments = data.rollup("kpi_win_rate", ["segment"], ["won_count", "closed_count", "won_amount", "closed_amount"], f)
    if ui.section("Win rate by segment, by count and by value",
                  "By count: Σ won deals ÷ Σ closed deals. By value: Σ won amount ÷ Σ closed amount.",
                  "kpi_win_rate", segments, "No deal was closed in this period."):
        names = [ui.label(s) for s in segments.segment]
        figure = go.Figure([
            ui.bar(names, data.divide(segments.won_count, segments.closed_count), "By count", COLORS["count"]),
            ui.bar(names, data.divide(segments.won_amount, segments.closed_amount), "By value", COLORS["value"]),
        ])
        ui.percent_axis(figure)
        ui.show(figure)
