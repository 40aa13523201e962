{#- The median of a numeric expression, as an aggregate: the 50th percentile
    with linear interpolation (the mean of the two middle values when the count
    is even). percentile_cont ... within group is standard SQL (DuckDB,
    Postgres, Spark 3.4+). Medians are not additive: a roll-up must recompute
    them from the rows, never average them. Used by kpi_sales_cycle and
    kpi_stage_duration. -#}
{% macro deals_median(expression) -%}
    percentile_cont(0.5) within group (order by {{ expression }})
{%- endmacro %}
