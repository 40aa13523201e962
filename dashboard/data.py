"""Data access for the dashboard: the published warehouse, read-only.

Every query opens its own read-only connection and closes it at once, so the
dashboard never holds a lock between renders and picks up a warehouse file
that was replaced (renamed over) on the next render. Results are cached for
a minute, keyed on the file's identity (inode, size, mtime), so a new file
is read at once.

Only the published relations of schema main are read: the kpi_* views,
dim_reps, dim_accounts, dim_months and warehouse_info.

Ratios are never averaged: rollup() sums the published parts (counts,
amounts) and divide() divides the sums.
"""

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

CACHE_SECONDS = 60


def warehouse_path():
    return Path(os.environ.get("CRM_WAREHOUSE_PATH", "warehouse.duckdb")).resolve()


def _file_identity(path):
    stat = path.stat()
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False, max_entries=500)
def _fetch(path, identity, sql, params):
    con = duckdb.connect(path, read_only=True)
    try:
        return con.execute(sql, list(params)).df()
    finally:
        con.close()


def query(sql, params=()):
    """Run a read-only query on the warehouse; a DataFrame."""
    path = warehouse_path()
    return _fetch(str(path), _file_identity(path), sql, tuple(params))


def columns(relation):
    return set(query("select column_name from information_schema.columns "
                     "where table_schema = 'main' and table_name = ?", [relation])["column_name"])


# ---------------------------------------------------------------- warehouse_info

@dataclass(frozen=True)
class Info:
    as_of: date | None
    built_at: object
    currency: str
    last_month: date


def warehouse_info():
    """as_of, built_at and currency from warehouse_info (None when the file
    has no warehouse_info: then the latest month of dim_months)."""
    last_month = query("select max(month) as month from dim_months")["month"].iloc[0]
    last_month = pd.Timestamp(last_month).date() if pd.notna(last_month) else None
    if "as_of" not in columns("warehouse_info"):
        return Info(None, None, "EUR", last_month)
    row = query("select max(as_of) as as_of, max(built_at) as built_at, "
                "max(reporting_currency) as currency from warehouse_info").iloc[0]
    as_of = pd.Timestamp(row["as_of"]).date()
    return Info(as_of, row["built_at"], row["currency"] or "EUR", as_of.replace(day=1))


def row_counts(source_table):
    """The raw table's row of audit_row_counts (raw, staged, quarantined,
    superseded and deleted rows), or None in a file without it."""
    if "staged_rows" not in columns("audit_row_counts"):
        return None
    rows = query("select * from audit_row_counts where source_table = ?", [source_table])
    return None if rows.empty else rows.iloc[0]


# ---------------------------------------------------------------- filters

@dataclass(frozen=True)
class Filters:
    first_month: date
    last_month: date
    team: str | None = None
    rep_id: str | None = None
    segment: str | None = None


def add_months(month, months):
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def quarter_start(month):
    return date(month.year, (month.month - 1) // 3 * 3 + 1, 1)


def periods(last_month, first_month):
    """The period choices, each (first month, last month), relative to the
    month of as_of."""
    this_quarter = quarter_start(last_month)
    choices = {
        "Last 12 months": (add_months(last_month, -11), last_month),
        "Last 6 months": (add_months(last_month, -5), last_month),
        "Last 3 months": (add_months(last_month, -2), last_month),
        "Quarter to date": (this_quarter, last_month),
        "Last quarter": (add_months(this_quarter, -3), add_months(this_quarter, -1)),
        "Year to date": (date(last_month.year, 1, 1), last_month),
        "Last year": (date(last_month.year - 1, 1, 1), date(last_month.year - 1, 12, 1)),
        "All months": (first_month, last_month),
    }
    return {label: (max(start, first_month), end) for label, (start, end) in choices.items()}


def teams():
    return list(query("select distinct team from dim_reps order by team")["team"])


def reps(team=None):
    """Reps by rep_id (names are not published: no KPI shows them)."""
    sql = "select rep_id, team from dim_reps"
    if team:
        return query(sql + " where team = ? order by rep_id", [team])
    return query(sql + " order by rep_id")


def segments():
    return list(query("select distinct segment from dim_accounts order by segment")["segment"])


def time_column(relation):
    names = columns(relation)
    return next((name for name in ("month", "quarter", "period_start") if name in names), None)


def applies(relation, filters):
    """Which of the filters set can be applied to the relation:
    {"period"|"team"|"rep"|"segment": True/False}."""
    names = columns(relation)
    has_rep = "rep_id" in names
    result = {"period": time_column(relation) is not None}
    if filters.team:
        result["team"] = has_rep or "team" in names
    if filters.rep_id:
        result["rep"] = has_rep
    if filters.segment:
        result["segment"] = "segment" in names
    return result


def where(relation, filters, snapshot=False):
    """SQL conditions and parameters for the filters that apply to the
    relation. snapshot: a point-in-time view, read at the period's last month."""
    names = columns(relation)
    conditions, params = [], []
    column = time_column(relation)
    if column == "quarter":
        conditions.append("quarter between ? and ?")
        params += [quarter_start(filters.first_month), quarter_start(filters.last_month)]
    elif column and snapshot:
        conditions.append(f"{column} = ?")
        params.append(filters.last_month)
    elif column:
        conditions.append(f"{column} between ? and ?")
        params += [filters.first_month, filters.last_month]
    if filters.team and "team" in names:
        conditions.append("team = ?")
        params.append(filters.team)
    elif filters.team and "rep_id" in names:
        conditions.append("rep_id in (select rep_id from dim_reps where team = ?)")
        params.append(filters.team)
    if filters.rep_id and "rep_id" in names:
        conditions.append("rep_id = ?")
        params.append(filters.rep_id)
    if filters.segment and "segment" in names:
        conditions.append("segment = ?")
        params.append(filters.segment)
    return " and ".join(conditions) or "true", params


# ---------------------------------------------------------------- roll-up

def rollup(relation, by, sums, filters, snapshot=False, condition=None):
    """Sum the additive parts of a KPI view over the filtered rows, grouped by
    `by` (a list of columns, may be empty). sums: column names, or
    {alias: SQL expression summed}. Ratios are then divide() of the sums."""
    if not isinstance(sums, dict):
        sums = {name: name for name in sums}
    conditions, params = where(relation, filters, snapshot)
    if condition:
        conditions += f" and ({condition})"
    selected = [*by, *(f"sum({expression}) as {alias}" for alias, expression in sums.items())]
    sql = f"select {', '.join(selected)} from {relation} where {conditions}"
    if by:
        sql += f" group by {', '.join(by)} order by {', '.join(by)}"
    frame = query(sql, params)
    for alias in sums:
        frame[alias] = pd.to_numeric(frame[alias], errors="coerce").astype("float64")
    if not by:  # one row of sums; empty when no row matched
        frame = frame.dropna(how="all")
    return frame


def divide(numerator, denominator):
    """numerator / denominator element-wise; NaN where the denominator is 0
    or missing (never 0, never an error)."""
    numerator = pd.Series(numerator, dtype="float64")
    denominator = pd.Series(denominator, dtype="float64")
    return numerator / denominator.where(denominator != 0)


def total(frame, column):
    """A single summed value of a rollup without `by` (None when empty)."""
    if frame.empty or pd.isna(frame[column].iloc[0]):
        return None
    return float(frame[column].iloc[0])


def ratio(frame, numerator, denominator):
    """A single ratio of two sums of a rollup without `by` (None when empty
    or the denominator is 0)."""
    value = divide(frame[numerator], frame[denominator]) if not frame.empty else pd.Series([])
    return None if value.empty or pd.isna(value.iloc[0]) else float(value.iloc[0])
