{#- How a model that replaces rows by key builds incrementally, on engines
    that can do it: delete+insert on DuckDB and Postgres (and dbt's other
    adapters that have it), merge on Databricks (Delta). Spark itself can
    replace rows by key only in a Delta, Iceberg or Hudi table; on its
    default Parquet tables the model is a table, rebuilt in full each time. -#}
{% macro materialization_by_key() -%}
    {{ return(adapter.dispatch('materialization_by_key')()) }}
{%- endmacro %}

{% macro default__materialization_by_key() -%}
    {{ return('incremental') }}
{%- endmacro %}

{% macro spark__materialization_by_key() -%}
    {{ return('table') }}
{%- endmacro %}

{% macro incremental_strategy_by_key() -%}
    {{ return(adapter.dispatch('incremental_strategy_by_key')()) }}
{%- endmacro %}

{% macro default__incremental_strategy_by_key() -%}
    {{ return('delete+insert') }}
{%- endmacro %}

{% macro databricks__incremental_strategy_by_key() -%}
    {{ return('merge') }}
{%- endmacro %}
