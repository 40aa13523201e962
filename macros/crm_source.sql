{#- A raw CRM table. On the demo data (crm_raw_schema = demo_crm) that is the
    demo seed, referenced with ref() so dbt build loads the seed before the
    staging model reads it; on a user's raw schema it is the source. Both
    name the same relation, {{ crm_raw_schema }}.<table>. -#}
{% macro crm_source(table_name) -%}
    {%- if crm_raw_schema() == 'demo_crm' -%}
        {{ ref(table_name) }}
    {%- else -%}
        {{ source('crm', table_name) }}
    {%- endif -%}
{%- endmacro %}
