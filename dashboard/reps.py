"""Reps: leaderboard, top-performer profile, activities."""

import plotly.graph_objects as go
import streamlit as st

import data
import ui
from ui import COLORS

f = ui.header("Reps", "opportunities")

totals = data.rollup("kpi_rep_performance", [], ["won_amount", "won_count", "closed_count", "quota_amount",
                                                 "total_activities"], f)
ui.metrics([
    ("Won amount", ui.money(data.total(totals, "won_amount"), short=True),
     "By value: deals closed won in the period.", "kpi_rep_performance"),
    ("Win rate (by count)", ui.percent(data.ratio(totals, "won_count", "closed_count")),
     "Σ deals won ÷ Σ deals closed in the period.", "kpi_rep_performance"),
    ("Quota attainment", ui.percent(data.ratio(totals, "won_amount", "quota_amount")),
     "Σ won amount ÷ Σ quota in the period.", "kpi_rep_performance"),
    ("Activities per won deal", ui.number(data.ratio(totals, "total_activities", "won_count"), 1),
     "Σ activities logged ÷ Σ deals won in the period.", "kpi_rep_performance"),
])

board = data.rollup("kpi_rep_performance", ["rep_id", "team"], ["won_amount", "won_count", "closed_count",
                                                               "quota_amount", "total_activities"], f)
if ui.section("Leaderboard",
              "By value: won amount of each rep's deals closed won in the period; win rate by count "
              "(Σ won ÷ Σ closed deals); quota attainment = Σ won amount ÷ Σ quota.",
              "kpi_rep_performance", board, "No rep closed a deal, logged an activity or had a quota "
                                            "in this period."):
    board["rep"] = board.rep_id
    board["win_rate"] = data.divide(board.won_count, board.closed_count)
    board["quota_attainment"] = data.divide(board.won_amount, board.quota_amount)
    board = board.sort_values(["won_amount", "rep"], ascending=[False, True]).reset_index(drop=True)
    ranked = board.iloc[::-1]
    palette = ["#4C78A8", "#F58518", "#54A24B", "#B279A2", "#72B7B2", "#EECA3B", "#9D755D"]
    figure = go.Figure([
        ui.bar(part.won_amount, part.rep, team, palette[i % len(palette)], orientation="h",
               customdata=part[["won_count", "win_rate"]],
               hovertemplate="%{x:,.0f} (%{customdata[0]:,.0f} deals won, win rate %{customdata[1]:.0%})")
        for i, team in enumerate(sorted(board.team.unique())) for part in [ranked[ranked.team == team]]])
    figure.update_yaxes(categoryorder="array", categoryarray=list(ranked.rep))
    figure.update_layout(barmode="overlay")
    ui.money_axis(figure, "x")
    ui.show(figure, height=26 * len(board) + 110, empty="No deal was won for an amount in this period.")
    st.dataframe(
        {"Rank": range(1, len(board) + 1), "Rep": board.rep, "Team": board.team,
         "Won": [ui.money(v) for v in board.won_amount],
         "Deals won": [ui.number(v) for v in board.won_count],
         "Win rate (by count)": [ui.percent(v, 0) for v in board.win_rate],
         "Quota attainment": [ui.percent(v, 0) for v in board.quota_attainment],
         "Activities": [ui.number(v) for v in board.total_activities]},
        hide_index=True, height=35 * (len(board) + 1) + 3)

profile = data.rollup("kpi_top_performer_profile", ["performer_group"], [
    "reps", "won_amount", "calls", "emails", "meetings", "demos", "reps_with_closed_deals",
    "sum_of_win_rates", "reps_with_responses", "sum_of_response_hours"], f)
if ui.section("What top performers do differently",
              "Per rep and quarter: activities of each type logged by the top 20 % of reps by won amount "
              "and by the other reps (Σ activities ÷ Σ reps over the quarters that overlap the period). "
              "By count.",
              "kpi_top_performer_profile", profile, "No rep closed a deal or logged an activity in this period."):
    profile = profile.sort_values("performer_group", ascending=False)
    kinds = ["calls", "emails", "meetings", "demos"]
    for kind in kinds:
        profile[f"per_rep_{kind}"] = data.divide(profile[kind], profile.reps)
    left, right = st.columns([3, 2])
    with left:
        figure = go.Figure([
            ui.bar([ui.label(k) for k in kinds], [getattr(row, f"per_rep_{k}") for k in kinds],
                   ui.label(row.performer_group), COLORS["value"] if row.performer_group == "top_20pct"
                   else COLORS["neutral"], hovertemplate="%{y:,.1f} per rep and quarter")
            for row in profile.itertuples()])
        figure.update_yaxes(title="per rep and quarter", hoverformat=",.1f")
        ui.show(figure, empty="No activity was logged in this period.")
    with right:
        st.dataframe(
            {"": [ui.label(g) for g in profile.performer_group],
             "Won per rep": [ui.money(v) for v in data.divide(profile.won_amount, profile.reps)],
             "Win rate": [ui.percent(v, 0) for v in data.divide(profile.sum_of_win_rates,
                                                                profile.reps_with_closed_deals)],
             "Response": [ui.number(v, 1, " h") for v in data.divide(profile.sum_of_response_hours,
                                                                     profile.reps_with_responses)]},
            hide_index=True)
        st.caption("Won per rep: Σ won amount ÷ Σ reps (by value). Win rate: mean of the reps' own "
                   "win rates (by count); response: mean of the reps' average hours to first response "
                   "(each summed over the quarters, then divided by the reps counted).")

activities = data.rollup("kpi_sales_activities", ["month"], ["calls", "emails", "meetings", "demos",
                                                             "total_activities", "working_days"], f)
if ui.section("Activities by month",
              "By count: calls, e-mails, meetings and demos logged in the month. Hover: activities per rep "
              "and working day (Σ activities ÷ Σ working days of the reps active that month).",
              "kpi_sales_activities", activities, "No activity was logged in this period."):
    per_day = data.divide(activities.total_activities, activities.working_days)
    colors = {"calls": COLORS["count"], "emails": "#72B7B2", "meetings": COLORS["value"], "demos": COLORS["good"]}
    figure = go.Figure([ui.bar(activities.month, activities[k], ui.label(k), colors[k], customdata=per_day,
                               hovertemplate="%{y:,.0f} (all types: %{customdata:.1f} per rep and working day)")
                        for k in colors])
    figure.update_layout(barmode="stack")
    ui.month_axis(figure)
    ui.show(figure)
