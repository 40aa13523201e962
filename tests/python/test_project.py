"""The project's promises about itself: the raw contract is declared the same
everywhere, and every model and column of the built warehouse is documented."""

import json
import re

import duckdb
import yaml

import crm_contract
from conftest import ROOT, undocumented


def _yaml(path):
    return yaml.safe_load((ROOT / path).read_text())


def test_sources_declare_exactly_the_contract_tables():
    for path in ["models/staging/crm/sources/_crm__sources.yml",
                 "models/staging/crm/sources/_crm_supplement__sources.yml"]:
        tables = _yaml(path)["sources"][0]["tables"]
        assert [t["name"] for t in tables] == list(crm_contract.TABLES), path
        assert all(table.get("description") for table in tables), path


def test_contract_declares_every_column_with_a_known_kind():
    kinds = {"id", "text", "code", "currency", "channel", "enum", "date", "timestamp",
             "amount", "rate", "integer"}
    contract = crm_contract.read_contract()
    for table, declared in contract.items():
        names = crm_contract.column_names(table)
        assert set(declared["record_key"]) <= set(names), table
        for column in declared["columns"]:
            assert column["kind"] in kinds, (table, column)
            assert ("values" in column) <= (column["kind"] == "enum"), (table, column)


TEXT_TYPE = "{{ 'string' if target.type in ('spark', 'databricks') else 'varchar' }}"


def test_demo_seeds_are_text_and_match_the_contract():
    seeds = {s["name"]: s for s in _yaml("seeds/demo_crm/_demo_crm__seeds.yml")["seeds"]}
    assert set(seeds) == set(crm_contract.TABLES)
    for table, seed in seeds.items():
        columns = crm_contract.column_names(table)
        assert list(seed["config"]["column_types"]) == columns
        # Text on every engine: varchar, or string where Spark needs it (the
        # file's one &string anchor).
        assert set(seed["config"]["column_types"].values()) == {TEXT_TYPE}
        header = (ROOT / f"seeds/demo_crm/{table}.csv").read_text().splitlines()[0]
        assert header.split(",") == columns


def test_every_model_and_column_is_documented(mini_build):
    missing, models = undocumented(*mini_build, lambda node: True)
    assert models > 40
    assert missing == []


def test_every_kpi_has_a_contract_and_a_unit_test(mini_build):
    manifest = json.loads((mini_build[1] / "manifest.json").read_text())
    kpis = {n["name"]: n for n in manifest["nodes"].values()
            if n["resource_type"] == "model" and n["name"].startswith("kpi_")}
    tested = {n["model"] for n in manifest["unit_tests"].values()}
    assert kpis
    for name, node in kpis.items():
        assert node["config"]["contract"]["enforced"], name
        assert name in tested, name


def test_every_relation_name_fits_postgres():
    """PostgreSQL refuses a relation name longer than 63 characters, and a
    dbt unit test builds a relation named after itself: the models, seeds
    and unit tests of the contract and of every source mapping fit."""
    names = [path.stem for pattern in ("models/**/*.sql", "seeds/**/*.csv")
             for path in ROOT.glob(pattern)]
    unit_tests = [test["name"] for path in ROOT.glob("models/**/*.yml")
                  for test in (_yaml(path).get("unit_tests") or [])]
    assert len(names) > 100 and len(unit_tests) > 50
    assert [name for name in names + unit_tests if len(name) > 63] == []


def test_rules_name_each_broken_rule_and_let_null_pass(mini_build):
    """fct_opportunities' rules test (tests/generic/rules.sql, as dbt compiled
    it) over hand-made copies of one real won deal, and a staged table of one
    row fewer: each failing row names what it breaks."""
    database, target = mini_build
    compiled = next(target.glob("compiled/**/rules_fct_opportunities.sql")).read_text()
    con = duckdb.connect()
    con.execute(f"attach '{database}' as built (read_only)")
    con.execute("create table deal as "
                "select * from built.main.fct_opportunities where is_won_by_as_of limit 1")
    con.execute("create table probe as from deal limit 0")
    for number, change in enumerate([
            "null as amount", "'direct' as motion", "-5 as amount, -1 as cycle_days",
            # NULL passes a bound (cycle_seconds has no not_null rule).
            "null as cycle_seconds",
            # Closed, neither won nor lost: the rule for closed deals.
            "false as is_won_by_as_of",
            # Open: the rules for closed deals do not apply.
            "false as is_closed_by_as_of, false as is_won_by_as_of",
            # One deal twice.
            "'twin' as opportunity_id", "'twin' as opportunity_id"]):
        key = "" if "opportunity_id" in change else f"'probe-{number}' as opportunity_id, "
        con.execute(f"insert into probe select * replace ({key}{change}) from deal")
    con.execute("create table staged as from probe limit 7")
    sql = re.sub(r'"[^"]+"\."main"\."fct_opportunities"', "probe", compiled)
    sql = re.sub(r'"[^"]+"\."staging"\."stg_crm__opportunities"', "staged", sql)
    assert "from probe" in sql and "from staged" in sql
    rows = sorted(rule for (rule,) in con.execute(sql).fetchall())
    # 8 probe rows; 7 staged.
    assert rows == ["amount < 0, cycle_days < 0", "amount is null", "motion not accepted",
                    "not (not is_closed_by_as_of or is_won_by_as_of or is_lost_by_as_of)",
                    "primary key (opportunity_id) duplicated: twin in 2 rows",
                    "row count 8 but 7 in stg_crm__opportunities"]
