{#- Helpers of the HubSpot source mapping (models/staging/hubspot/). -#}

{#- The HubSpot vars, checked at on-run-start (check_vars) with
    crm_source hubspot. -#}
{% macro check_hubspot_vars() -%}
    {%- do hubspot_home_currency() -%}
    {%- if number_var('hubspot_mid_market_min_employees') | float
            > number_var('hubspot_enterprise_min_employees') | float -%}
        {{ exceptions.raise_compiler_error("var hubspot_mid_market_min_employees must not be above hubspot_enterprise_min_employees") }}
    {%- endif -%}
{%- endmacro %}

{#- The currency of HubSpot's home-currency amounts (var
    hubspot_home_currency) as an upper-case SQL string literal, or NULL (the
    reporting currency) when the var is empty. -#}
{% macro hubspot_home_currency() -%}
    {%- set value = var('hubspot_home_currency') | string | trim | upper -%}
    {%- if value == '' -%}
        cast(null as {{ dbt.type_string() }})
    {%- elif modules.re.match('^[A-Z]{3}$', value) -%}
        '{{ value }}'
    {%- else -%}
        {{ exceptions.raise_compiler_error("var hubspot_home_currency must be empty or a three-letter currency code like USD, got '" ~ value ~ "'") }}
    {%- endif -%}
{%- endmacro %}

{#- True when a HubSpot flag column (boolean, or text such as 'true',
    'TRUE', 't', '1' as an export writes it) is set; false when it is false
    or empty. -#}
{% macro hubspot_flag(column) -%}
    coalesce(lower({{ clean_text(column) }}) in ('true', 't', '1', 'yes'), false)
{%- endmacro %}
