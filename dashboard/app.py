"""Sales dashboard on the published warehouse (read-only).

    make dashboard      # or: streamlit run dashboard/app.py

The warehouse file is CRM_WAREHOUSE_PATH (default warehouse.duckdb). This
entry script checks the file, draws the filters in the sidebar and runs the
chosen page (pipeline.py, deals.py, leads.py, reps.py, customers.py).
"""

import duckdb
import streamlit as st

import data
import ui

st.set_page_config(page_title="Sales dashboard", page_icon=":bar_chart:", layout="wide")

ALL_TEAMS, ALL_REPS, ALL_SEGMENTS = "All teams", "All reps", "All segments"


def stop(sentence):
    st.title(page.title)
    st.info(sentence)
    st.stop()


page = st.navigation([
    st.Page("pipeline.py", title="Pipeline", icon=":material/filter_alt:", default=True),
    st.Page("deals.py", title="Deals", icon=":material/handshake:"),
    st.Page("leads.py", title="Leads", icon=":material/person_add:"),
    st.Page("reps.py", title="Reps", icon=":material/leaderboard:"),
    st.Page("customers.py", title="Customers", icon=":material/groups:"),
], position="top")
path = data.warehouse_path()
if not path.exists():
    stop(f"There is no warehouse at {path} yet. Run `make demo` to build it, then reload this page.")
try:
    info = data.warehouse_info()
    first_month = data.query("select min(month) as month from dim_months")["month"].iloc[0]
except duckdb.CatalogException:
    stop(f"The file {path} holds no sales KPIs. Run `make demo` to build the warehouse, "
         "then reload this page.")
except duckdb.Error as error:
    stop(f"The warehouse {path} cannot be read right now ({str(error).splitlines()[0]}). "
         "If it is being rebuilt, reload this page in a minute.")
if info.last_month is None:
    stop(f"The warehouse {path} has no months with data yet. Load your CRM and build it "
         "(see the README), or run `make demo`.")

with st.sidebar:
    st.header("Filters")
    choices = data.periods(info.last_month, first_month.date() if hasattr(first_month, "date") else first_month)
    period = st.selectbox("Period", list(choices), key="period")
    st.caption(f"{ui.month_label(choices[period][0])} – {ui.month_label(choices[period][1])}, "
               "by month; point-in-time charts show the last month's last day (as_of, in "
               "as_of's own month).")
    team = st.selectbox("Team", [ALL_TEAMS, *data.teams()], key="team")
    team = None if team == ALL_TEAMS else team
    rep = st.selectbox("Rep", [ALL_REPS, *data.reps(team)["rep_id"]], key="rep")
    segment = st.selectbox("Segment", [ALL_SEGMENTS, *data.segments()], key="segment",
                           format_func=lambda value: value if value == ALL_SEGMENTS else ui.label(value))
    st.caption("Each chart names the filters it cannot apply (a view without that dimension).")

st.session_state["info"] = info
st.session_state["filters"] = data.Filters(
    first_month=choices[period][0], last_month=choices[period][1], team=team,
    rep_id=None if rep == ALL_REPS else rep,
    segment=None if segment == ALL_SEGMENTS else segment)

try:
    page.run()
except duckdb.Error as error:
    st.info(f"The warehouse {path} could not be read ({str(error).splitlines()[0]}). "
            "If it is being rebuilt, reload this page in a minute.")
