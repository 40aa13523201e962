{#- DuckDB has try_cast: a value that does not parse becomes NULL instead of
    failing the build, so staging can quarantine it with a reason. dbt's
    default safe_cast is a plain cast; engines without a try_cast keep it and
    fail loudly on bad raw values rather than silently. -#}
{% macro duckdb__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}
