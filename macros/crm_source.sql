{#- A raw CRM table of the input contract, as staging reads it.
    - crm_source contract on the demo data (crm_raw_schema demo_crm): the
      demo seed, referenced with ref() so dbt build loads the seed before the
      staging model reads it;
    - crm_source contract on a user's raw schema: the source;
    - crm_source salesforce or hubspot: the source mapping's model
      <source>__<table> (models/staging/<source>/), which reshapes the CRM's
      objects into the table's contract columns. -#}
{% macro crm_source(table_name) -%}
    {%- set source_name = crm_source_name() -%}
    {%- if source_name != 'contract' -%}
        {{ ref(source_name ~ '__' ~ table_name) }}
    {%- elif schema_var('crm_raw_schema') == 'demo_crm' -%}
        {{ ref(table_name) }}
    {%- else -%}
        {{ source('crm', table_name) }}
    {%- endif -%}
{%- endmacro %}

{#- For a source mapping: a contract table the CRM does not hold (quotas,
    forecasts, costs, ...), read from the schema named by the var
    crm_supplement_schema, where the user loads contract-shaped tables with
    scripts/load_crm.py; without one, the table is empty (every column of
    the contract as text, no rows). -#}
{% macro crm_supplement(table_name) -%}
    {%- if var('crm_supplement_schema') | string | trim != '' -%}
        {%- do schema_var('crm_supplement_schema') -%}
        {{ source('crm_supplement', table_name) }}
    {%- else -%}
        (
            select
            {%- for column in contract_columns(table_name) %}
                cast(null as {{ dbt.type_string() }}) as {{ column.name }}{% if not loop.last %},{% endif %}
            {%- endfor %}
            from (select 1 as one) as no_rows
            where 1 = 0
        )
    {%- endif -%}
{%- endmacro %}
