"""The same world in every shape: scripts/generate_crm_data.py --shape
contract|salesforce|hubspot, loaded with scripts/load_crm.py as the README
says and built with the matching crm_source, gives the same rows in every
kpi_* relation the shape can express.

One small world (--scale 0.3, as_of 2026-10-31: the contract build is
conftest's generated_build), three builds (unit tests excluded: they do not
read the data). A Salesforce Id is the contract key
behind its object's prefix, and a HubSpot stage key is '<pipeline> <stage>'
(README): both are read back before comparing. Every other value, amounts
to the cent included, must be equal, over the full sorted row sets.
"""

import pytest

import crm_shapes

from conftest import query, run_dbt, run_script

AS_OF = "2026-10-31"
SCALE = "0.3"
HUBSPOT_STAGE_PREFIX = crm_shapes.HUBSPOT_PIPELINE["label"].lower().replace(" ", "_") + "_"

# What a shape loses (see crm_shapes and the README's "Approximate on ..."),
# and the views it changes. Each is checked to hold rows.
INEXPRESSIBLE = {
    "salesforce": {
        "kpi_sales_cycle": "CloseDate has no time: a deal closes at 00:00 of its close day",
        "kpi_pipeline_velocity": "its cycle days: CloseDate has no time",
        "kpi_pipeline_coverage": "a closed deal's CloseDate is its close: the expected "
                                 "close date it had while open is gone",
        "kpi_forecast_accuracy": "its weighted pipeline: the expected close date of a deal "
                                 "closed since is gone",
        "kpi_lead_response_time": "no first response on a lead: the first activity is",
        "kpi_lead_funnel": "its contacted step: no first response on a lead",
        "kpi_top_performer_profile": "its response hours: no first response on a lead",
        "kpi_lead_responses": "no activity outcomes",
        "kpi_new_leads": "no lead origin (marketing or sales)",
    },
    "hubspot": {
        "kpi_win_rate": "its lead_source: the deal's contact's channel, from HubSpot's fixed "
                        "source list",
        "kpi_opportunities_created": "its lead_source: from HubSpot's fixed source list",
        "kpi_pipeline_coverage": "a closed deal's close date is its close: the expected "
                                 "close date it had while open is gone",
        "kpi_forecast_accuracy": "its weighted pipeline: the expected close date of a deal "
                                 "closed since is gone",
        "kpi_new_leads": "the original source is HubSpot's fixed list (webinar, event, "
                         "partner, ... are offline or other campaigns), origin only online "
                         "or not",
        "kpi_lead_conversion": "lead channels from HubSpot's fixed source list",
        "kpi_lead_funnel": "lead channels from HubSpot's fixed source list; no first response",
        "kpi_lead_response_time": "lead channels; no first response on a contact",
        "kpi_top_performer_profile": "its response hours: no first response on a contact",
        "kpi_lead_responses": "no activity outcomes",
        "kpi_cost_per_lead": "contacts carry no campaign",
        "kpi_sales_formula": "its motion comes from lead origin and channel, which HubSpot "
                             "does not hold",
    },
}
BUILDS = {
    "salesforce": (["--source", "salesforce"], {"crm_source": "salesforce"}),
    "hubspot": (["--source", "hubspot"], {"crm_source": "hubspot"}),
}


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory, generated_build):
    """{shape: build database} of the one world generated in each shape."""
    built = {"contract": generated_build[1]}
    for shape, (source_args, variables) in BUILDS.items():
        tmp = tmp_path_factory.mktemp(shape)
        export, warehouse = tmp / "export", tmp / "build.duckdb"
        run_script("generate_crm_data.py", "--out", export, "--scale", SCALE, "--shape", shape)
        run_script("load_crm.py", *source_args, "--schema", "crm_raw", "--database", warehouse,
                   export)
        run_script("load_crm.py", "--schema", "crm_supplement", "--database", warehouse,
                   export / "supplement")
        run_dbt(["build"], warehouse, tmp,
                {"crm_raw_schema": "crm_raw", "crm_supplement_schema": "crm_supplement",
                 "as_of": AS_OF, **variables})
        built[shape] = warehouse
    return built


def kpi_rows(warehouse):
    """{kpi view: (columns, rows)}."""
    views = [row[0] for row in query(
        warehouse, "select table_name from information_schema.tables "
                   "where table_name like 'kpi\\_%' escape '\\'")]
    result = {}
    for view in views:
        columns = [row[0] for row in query(
            warehouse, "select column_name from information_schema.columns "
                       f"where table_name = '{view}' order by ordinal_position")]
        result[view] = (columns, query(warehouse, f"select * from {view}"))
    return result


def read_back(shape, column, value):
    """A value of a shape's build as the contract build writes it."""
    if not isinstance(value, str):
        return value
    if shape == "salesforce" and column.endswith("_id"):
        return crm_shapes.salesforce_key(value)
    if shape == "hubspot" and "stage" in column and value.startswith(HUBSPOT_STAGE_PREFIX):
        return value[len(HUBSPOT_STAGE_PREFIX):]
    return value


def sorted_rows(rows):
    return sorted(rows, key=repr)


@pytest.fixture(scope="module")
def shape_kpis(warehouses):
    """{shape: its kpi rows (kpi_rows)}."""
    return {shape: kpi_rows(warehouse) for shape, warehouse in warehouses.items()}


@pytest.fixture(scope="module")
def contract_kpis(shape_kpis):
    return shape_kpis["contract"]


def test_the_contract_build_fills_every_kpi(contract_kpis):
    assert len(contract_kpis) == 31
    assert [view for view, (_, rows) in contract_kpis.items() if not rows] == []


@pytest.mark.parametrize("shape", ["salesforce", "hubspot"])
def test_every_kpi_the_shape_expresses_has_the_contract_rows(shape, shape_kpis, contract_kpis):
    kpis = shape_kpis[shape]
    assert set(kpis) == set(contract_kpis)
    assert set(INEXPRESSIBLE[shape]) <= set(kpis)
    differing, empty = [], []
    for view, (columns, rows) in kpis.items():
        if view in INEXPRESSIBLE[shape]:
            if not rows:
                empty.append(view)
            continue
        contract_columns, contract = contract_kpis[view]
        assert columns == contract_columns, view
        shaped = [tuple(read_back(shape, c, v) for c, v in zip(columns, row)) for row in rows]
        if sorted_rows(shaped) != sorted_rows(contract):
            differing.append(f"{view}: {len(set(contract) - set(shaped))} of {len(contract)} "
                             f"contract rows missing, {len(set(shaped) - set(contract))} "
                             f"of {len(shaped)} rows not in the contract build")
    assert not differing, "\n".join(differing)
    assert not empty, f"empty: {empty}"


@pytest.mark.parametrize("shape", ["salesforce", "hubspot"])
def test_the_views_a_shape_cannot_express_do_differ(shape, shape_kpis, contract_kpis):
    """The list above holds no view that would in fact be equal."""
    kpis = shape_kpis[shape]
    equal = [view for view in INEXPRESSIBLE[shape]
             if sorted_rows(tuple(read_back(shape, c, v) for c, v in zip(kpis[view][0], row))
                            for row in kpis[view][1]) == sorted_rows(contract_kpis[view][1])]
    assert equal == []
