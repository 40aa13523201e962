"""The benchmark script runs end to end and reports medians (its timings are
read by people, never asserted)."""

import json

from conftest import run_script


def test_benchmark_reports_medians_for_build_and_every_kpi_view(tmp_path):
    run_script("benchmark.py", "--scale", "0.05", "--runs", "1",
               "--workdir", tmp_path / "work", "--json", tmp_path / "result.json")
    (result,) = json.loads((tmp_path / "result.json").read_text())
    assert result["scale"] == 0.05
    assert result["dbt_build"]["runs"] == 1 and result["dbt_build"]["median_s"] > 0
    assert result["raw_rows"]["opportunities"] > 0
    assert "kpi_win_rate" in result["kpi_query"]
    assert all(timing["median_s"] >= 0 for timing in result["kpi_query"].values())
