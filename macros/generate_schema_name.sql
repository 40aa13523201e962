{#- Models and seeds that set +schema land in exactly that schema (staging,
    intermediate, reference, demo_crm), not in "<target schema>_<schema>";
    the rest (core facts and dims, kpi views) land in the target schema, so
    BI tools find kpi_* in the warehouse's default schema. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
