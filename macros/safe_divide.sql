{#- The one way to divide: numerator and denominator as decimals, NULL when
    the denominator is 0 or NULL (never inf, never an error, never integer
    division), the result cast to data_type. Rates 0-1 use the default
    decimal(9,6); unbounded ratios pass decimal(18,6), amounts decimal(18,2). -#}
{% macro safe_divide(numerator, denominator, data_type='decimal(9,6)') -%}
    cast(
        cast({{ numerator }} as decimal(28, 10))
        / nullif(cast({{ denominator }} as decimal(28, 10)), 0)
        as {{ data_type }}
    )
{%- endmacro %}
