"""What every page shows the same way: the header with the data's as_of
date, number formats, chart sections with their definition and the filters
that do not apply, and plain sentences when there is nothing to show."""

import math
from datetime import timedelta

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import data

SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}
LABELS = {"smb": "SMB", "mid_market": "Mid-market", "top_20pct": "Top 20 %",
          "rest": "Other reps", "closed_won": "Closed won", "closed_lost": "Closed lost"}
COLORS = {"count": "#4C78A8", "value": "#F58518", "good": "#54A24B", "bad": "#E45756",
          "neutral": "#BAB0AC", "target": "#E45756"}


def filters():
    return st.session_state["filters"]


def info():
    return st.session_state["info"]


def header(title, source_table):
    """The page title, the date the data is as of, why the page is empty
    when none of the raw table it is about (source_table) was staged, and
    the filters set; the page's filters."""
    st.title(title)
    current, chosen = info(), filters()
    period = f"Period: {period_label(chosen)}."
    if current.as_of:
        built = "" if current.built_at is None else f", built {pd.Timestamp(current.built_at):%Y-%m-%d %H:%M} UTC"
        st.caption(f"Data as of {current.as_of:%-d %B %Y}{built}. Amounts in {current.currency}. {period}")
    else:
        st.caption("Data as of: unknown (this warehouse file has no warehouse_info table; its latest "
                   f"month is {current.last_month:%B %Y}). {period}")
    unstaged = _unstaged(source_table)
    if unstaged:
        st.info(unstaged)
    set_filters = [f"team {chosen.team}" if chosen.team else "",
                   f"rep {chosen.rep_id}" if chosen.rep_id else "",
                   f"segment {label(chosen.segment)}" if chosen.segment else ""]
    if any(set_filters):
        st.caption("Filtered to " + ", ".join(f for f in set_filters if f) + ".")
    return chosen


def _unstaged(source_table):
    """A sentence when no row of the raw table was staged: where its rows
    went (audit_row_counts); None otherwise."""
    counts = data.row_counts(source_table)
    if counts is None or counts["staged_rows"] > 0:
        return None
    if counts["raw_rows"] == 0:
        return (f"The CRM's raw {source_table} table is empty, so this page has little to show "
                "(audit_row_counts).")
    went = [(counts["quarantined_rows"], "quarantined (audit_quarantine_reasons says why)"),
            (counts["superseded_rows"], "superseded by a later copy of their record"),
            (counts["deleted_rows"], "deleted in the CRM")]
    return (f"None of the CRM's {counts['raw_rows']} raw {source_table} rows was staged, so this "
            "page has little to show: " + ", ".join(f"{rows} {how}" for rows, how in went if rows)
            + " (audit_row_counts).")


# ---------------------------------------------------------------- formats

def label(value):
    return LABELS.get(value, str(value).replace("_", " ").capitalize())


def month_label(month):
    return f"{month:%b %Y}"


def snapshot_label(month):
    """The day a point-in-time view shows for `month`, as the views compute
    it: the month's last day, or as_of in as_of's own month ("31 Jan 2026",
    "15 Mar 2026")."""
    day = data.add_months(month, 1) - timedelta(days=1)
    as_of = info().as_of
    if as_of is not None and as_of < day:
        day = as_of
    return f"{day:%-d %b %Y}"


def period_label(current):
    if current.first_month == current.last_month:
        return month_label(current.first_month)
    return f"{month_label(current.first_month)} – {month_label(current.last_month)}"


def missing(value):
    return value is None or (isinstance(value, float) and math.isnan(value))


def money(value, short=False):
    """An amount in the reporting currency, whole units; short: millions as
    e.g. €1.74M (headline numbers)."""
    if missing(value):
        return "–"
    code = info().currency
    text = f"{abs(value) / 1e6:,.2f}M" if short and abs(value) >= 1e6 else f"{abs(value):,.0f}"
    sign = "−" if value < 0 else ""
    return f"{sign}{SYMBOLS[code]}{text}" if code in SYMBOLS else f"{sign}{text} {code}"


def percent(value, decimals=1):
    return "–" if missing(value) else f"{value * 100:.{decimals}f} %"


def number(value, decimals=0, suffix=""):
    return "–" if missing(value) else f"{value:,.{decimals}f}{suffix}"


def money_axis(figure, axis="y"):
    code = info().currency
    prefix, suffix = (SYMBOLS[code], "") if code in SYMBOLS else ("", f" {code}")
    update = figure.update_yaxes if axis == "y" else figure.update_xaxes
    update(tickprefix=prefix, ticksuffix=suffix, tickformat="~s", hoverformat=",.0f")


def percent_axis(figure, axis="y"):
    # Up to three decimals, trailing zeros dropped: ticks 0.05 % apart
    # (a churn of 0.3 %) read 0.05 %, 0.1 %, 0.15 %, not 0.1 % twice.
    update = figure.update_yaxes if axis == "y" else figure.update_xaxes
    update(tickformat=".3~%", hoverformat=".1%", rangemode="tozero")


def month_axis(figure):
    figure.update_xaxes(tickformat="%b<br>%Y", hoverformat="%B %Y", dtick="M1" if _few_months() else None)


def _few_months():
    current = filters()
    return (current.last_month.year - current.first_month.year) * 12 + \
        current.last_month.month - current.first_month.month < 13


# ---------------------------------------------------------------- sections

def not_applied(relation):
    """A sentence naming the filters set that this view cannot apply."""
    skipped = [name for name, ok in data.applies(relation, filters()).items() if not ok]
    if not skipped:
        return ""
    names = " and ".join(skipped)
    what = "dimension" if len(skipped) == 1 else "dimensions"
    return f" Not filtered by {names}: {relation} has no such {what}."


def section(title, definition, relation, frame, empty):
    """A chart's heading: its title, what it shows (which definition, by
    count or by value) and which filters do not apply. False, after a plain
    sentence, when there is no data to chart."""
    st.subheader(title)
    st.caption(definition + not_applied(relation))
    if frame is None or frame.empty:
        st.info(empty)
        return False
    return True


def show(figure, height=360, empty="Nothing to chart: every value is 0 or empty in this period."):
    """Draw the figure; the sentence `empty` instead when no trace has a value
    other than 0 or empty (a CRM without amounts), as empty axes say nothing."""
    if not _has_values(figure):
        st.info(empty)
        return
    figure.update_layout(margin={"l": 10, "r": 10, "t": 40, "b": 10}, height=height,
                         legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
                         hoverlabel={"namelength": -1},
                         bargap=0.6 if max((len(t.x) for t in figure.data if t.type == "bar" and t.x is not None),
                                           default=3) < 3 else 0.25)
    st.plotly_chart(figure, config={"displaylogo": False})


def _has_values(figure):
    for trace in figure.data:
        horizontal = trace.type == "funnel" or getattr(trace, "orientation", None) == "h"
        values = trace.x if horizontal else trace.y
        if values is not None and any(pd.notna(value) and value != 0 for value in values):
            return True
    return False


def metrics(values):
    """A row of headline numbers: [(label, formatted value, help, view)], and
    a line naming those the filters set do not apply to."""
    skipped = {}
    for column, (name, value, help_text, relation) in zip(st.columns(len(values)), values):
        column.metric(name, value, help=f"{help_text} ({relation})", border=True)
        for dimension, ok in data.applies(relation, filters()).items():
            if not ok:
                skipped.setdefault(dimension, []).append(name)
    for dimension, names in skipped.items():
        st.caption(f"Not filtered by {dimension}: {', '.join(names)} (no such dimension in the view).")


def target_line(figure, value, text):
    figure.add_hline(y=value, line_dash="dash", line_color=COLORS["target"],
                     annotation_text=text, annotation_position="bottom right")


def bar(x, y, name, color, **kwargs):
    return go.Bar(x=x, y=y, name=name, marker_color=color, **kwargs)


def line(x, y, name, color, **kwargs):
    return go.Scatter(x=x, y=y, name=name, mode="lines+markers", line={"color": color}, **kwargs)
