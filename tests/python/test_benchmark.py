"""The benchmark script runs end to end and reports medians (its timings are
read by people, never asserted); a hand-written query that gives other rows
than its kpi model fails it."""

import json

import pytest

import benchmark
from conftest import TEST_BUILD_ENV, run_script


def test_benchmark_reports_every_step_and_checks_hand_written_queries(tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_DBT_THREADS", TEST_BUILD_ENV["CRM_DBT_THREADS"])
    run_script("benchmark.py", "--scale", "0.05", "--runs", "1",
               "--workdir", tmp_path / "work", "--json", tmp_path / "result.json")
    (result,) = json.loads((tmp_path / "result.json").read_text())
    assert result["scale"] == 0.05
    for step in ("generate", "load", "dbt_parse", "dbt_build", "publish", "dbt_run",
                 "incremental_build"):
        assert result[step]["median_s"] > 0 and result[step]["cpu_median_s"] > 0, step
        assert result[step]["peak_memory_mb"] > 0, step
    assert result["dbt_build"]["runs"] == 1 and len(result["dbt_build"]["load_average"]) == 1
    assert result["raw_rows"]["opportunities"] > 0 and result["database_mb"] > 0
    assert result["published_mb"] > 0 and not (tmp_path / "work" / "dev-scale-0.05"
                                               / "published.duckdb").exists()
    assert result["build_nodes"]["seconds_by_type"]["model"] > 0
    assert result["incremental_share"] > 0 and result["incremental_cpu_share"] > 0
    assert all(timing["median_s"] >= 0 and timing["rows"] > 0
               for kpi, timing in result["kpi_query"].items() if kpi != "kpi_stalled_deals")
    hand_written = [kpi for kpi, timing in result["kpi_query"].items() if "hand_written" in timing]
    assert len(hand_written) >= 3
    assert all(result["kpi_query"][kpi]["ratio"] > 0 for kpi in hand_written)

    # A hand-written query with one row fewer than its model fails the benchmark.
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "kpi_weighted_pipeline.sql").write_text(
        (benchmark.QUERIES / "kpi_weighted_pipeline.sql").read_text().rstrip().rstrip(";") + " limit 1")
    scale = tmp_path / "work" / "dev-scale-0.05"
    with pytest.raises(SystemExit,
                       match=r"kpi_weighted_pipeline and kpi_weighted_pipeline.sql: \d+ rows missing, 0 rows extra"):
        benchmark.kpi_queries(scale / "build.duckdb", scale / "target", 1,
                              queries=tmp_path / "queries")


def test_row_differences_ignore_order_and_count_duplicates():
    assert benchmark.row_differences([(1, "a"), (2, "b")], [(2, "b"), (1, "a")]) == ([], [])
    assert benchmark.row_differences([(1, "a"), (1, "a")], [(1, "a"), (3, None)]) == (
        [(1, "a")], [(3, None)])


def test_slowest_nodes_are_named_without_a_generic_tests_hash():
    assert benchmark.node_name("model.sales_kpi_warehouse.base_crm__accounts") == "base_crm__accounts"
    assert benchmark.node_name("test.sales_kpi_warehouse.audit_gate_kpis_have_rows") == (
        "audit_gate_kpis_have_rows")
    assert benchmark.node_name(
        "test.sales_kpi_warehouse.relationships_stg_crm__opportu_d933c373ed6c5c385603254bb8bf653e"
        ".2f9ad2b54c") == "relationships_stg_crm__opportu_d933c373ed6c5c385603254bb8bf653e"
