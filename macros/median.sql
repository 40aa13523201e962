{#- median(expression): the median of a numeric expression, as an aggregate
    (use it like sum(), with a group by): percentile_cont(0.5) within group
    (order by expression), the 50th percentile with linear interpolation, so
    the middle value for an odd count and the mean of the two middle values
    for an even count. NULLs are skipped (NULL when every value is NULL).
    percentile_cont ... within group is standard SQL (DuckDB, Postgres,
    Spark 3.4+). Medians are not additive: a roll-up must recompute them from
    the rows, never average them. The one way to take a median in the
    project: used by kpi_sales_cycle, kpi_stage_duration and
    kpi_lead_response_time. -#}
{% macro median(expression) -%}
    percentile_cont(0.5) within group (order by {{ expression }})
{%- endmacro %}
