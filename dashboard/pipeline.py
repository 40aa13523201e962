"""Pipeline: stage distribution, weighted pipeline, coverage against 3x,
forecast accuracy."""

import plotly.graph_objects as go
import streamlit as st

import data
import ui
from ui import COLORS

f = ui.header("Pipeline", "opportunities")
end = ui.month_label(f.last_month)
on = ui.snapshot_label(f.last_month)

weighted = data.rollup("kpi_weighted_pipeline", [], ["open_count", "open_amount", "weighted_amount"],
                       f, snapshot=True)
coverage = data.rollup("kpi_pipeline_coverage", [], ["open_pipeline_amount", "quota_amount"],
                       f, snapshot=True)
forecast = data.rollup("kpi_forecast_accuracy", [], {
    "absolute_forecast_error_amount": "absolute_forecast_error_amount",
    "forecast_actual_amount": "case when forecast_amount is not null then actual_amount end",
}, f)
forecast_miss = data.ratio(forecast, "absolute_forecast_error_amount", "forecast_actual_amount")

ui.metrics([
    ("Open pipeline", ui.money(data.total(weighted, "open_amount"), short=True),
     f"By value: deals open on {on}.", "kpi_weighted_pipeline"),
    ("Weighted pipeline", ui.money(data.total(weighted, "weighted_amount"), short=True),
     f"Open value × the stage's win probability, on {on}.", "kpi_weighted_pipeline"),
    (f"Coverage {end}", ui.number(data.ratio(coverage, "open_pipeline_amount", "quota_amount"), 2, "x"),
     "Σ open pipeline due in the month (open at its start) ÷ Σ quota; target 3x.", "kpi_pipeline_coverage"),
    ("Forecast accuracy", ui.percent(None if forecast_miss is None else 1 - forecast_miss),
     "1 − Σ |forecast − won| ÷ Σ won, over the period's rep-months with a forecast.",
     "kpi_forecast_accuracy"),
])

left, right = st.columns(2)
with left:
    stages = data.rollup("kpi_stage_distribution", ["stage_order", "stage"],
                         ["open_count", "open_amount"], f, snapshot=True)
    if ui.section(f"Open pipeline by stage on {on}",
                  "By value: amount of the deals open at the end of the month (in as_of's month: "
                  "on as_of), in the stage they were in then. Bar labels: number of deals (by count).",
                  "kpi_stage_distribution", stages, f"No deals were open on {on}."):
        figure = go.Figure(ui.bar([ui.label(s) for s in stages.stage], stages.open_amount,
                                  "Open amount", COLORS["value"],
                                  text=[f"{n:,.0f} deals" for n in stages.open_count],
                                  textposition="outside", cliponaxis=False))
        ui.money_axis(figure)
        ui.show(figure)

with right:
    by_stage = data.rollup("kpi_weighted_pipeline", ["stage_order", "stage"],
                           ["open_amount", "weighted_amount"], f, snapshot=True)
    if ui.section(f"Weighted pipeline by stage on {on}",
                  "By value: open amount and weighted amount (open amount × the stage's win "
                  "probability) of the deals open at the end of the month (in as_of's month: on as_of).",
                  "kpi_weighted_pipeline", by_stage, f"No deals were open on {on}."):
        names = [ui.label(s) for s in by_stage.stage]
        figure = go.Figure([ui.bar(names, by_stage.open_amount, "Open amount", COLORS["neutral"]),
                            ui.bar(names, by_stage.weighted_amount, "Weighted amount", COLORS["value"])])
        ui.money_axis(figure)
        ui.show(figure)

left, right = st.columns(2)
with left:
    monthly = data.rollup("kpi_pipeline_coverage", ["month"], ["open_pipeline_amount", "quota_amount"], f)
    monthly["coverage"] = data.divide(monthly.open_pipeline_amount, monthly.quota_amount)
    monthly = monthly.dropna(subset=["coverage"])
    if ui.section("Pipeline coverage by month, against 3x",
                  "By value: Σ open pipeline due in the month (deals open at its start with expected "
                  "close in it) ÷ Σ quota. Target: 3x.",
                  "kpi_pipeline_coverage", monthly, "No quota was set in this period."):
        figure = go.Figure(ui.line(monthly.month, monthly.coverage, "Coverage", COLORS["count"]))
        ui.target_line(figure, 3, "3x target")
        figure.update_yaxes(ticksuffix="x", rangemode="tozero", hoverformat=".2f")
        ui.month_axis(figure)
        ui.show(figure)

with right:
    by_rep = data.rollup("kpi_pipeline_coverage", ["rep_id"], ["open_pipeline_amount", "quota_amount"],
                         f, snapshot=True)
    by_rep["coverage"] = data.divide(by_rep.open_pipeline_amount, by_rep.quota_amount)
    by_rep = by_rep.dropna(subset=["coverage"]).sort_values("coverage")
    if ui.section(f"Pipeline coverage by rep, {end}",
                  "By value: the rep's open pipeline due in the month ÷ quota (reps with a quota). "
                  "Target: 3x.",
                  "kpi_pipeline_coverage", by_rep, f"No rep had a quota in {end}."):
        figure = go.Figure(ui.bar(by_rep.coverage, list(by_rep.rep_id), "Coverage",
                                  [COLORS["good"] if c >= 3 else COLORS["bad"] for c in by_rep.coverage],
                                  orientation="h"))
        figure.add_vline(x=3, line_dash="dash", line_color=COLORS["target"],
                         annotation_text="3x target", annotation_position="top")
        figure.update_xaxes(ticksuffix="x", hoverformat=".2f")
        ui.show(figure, height=max(200, 24 * len(by_rep) + 100))

accuracy = data.rollup("kpi_forecast_accuracy", ["month"], {
    "forecast_amount": "forecast_amount",
    "weighted_forecast_amount": "weighted_forecast_amount",
    "actual_amount": "actual_amount",
}, f)
if ui.section("Forecast against won, by month",
              "By value: Σ the reps' forecasts of record (submitted before the month began), Σ weighted "
              "forecast (open deals due in the month × stage win probability) and Σ won amount. "
              "Accuracy above: 1 − Σ |forecast − won| ÷ Σ won.",
              "kpi_forecast_accuracy", accuracy, "No forecast, quota or won deal in this period."):
    figure = go.Figure([
        ui.bar(accuracy.month, accuracy.forecast_amount, "Forecast", COLORS["count"]),
        ui.bar(accuracy.month, accuracy.weighted_forecast_amount, "Weighted forecast", COLORS["neutral"]),
        ui.bar(accuracy.month, accuracy.actual_amount, "Won", COLORS["good"]),
    ])
    ui.money_axis(figure)
    ui.month_axis(figure)
    ui.show(figure)
