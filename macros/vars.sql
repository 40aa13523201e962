{#- The project's vars, each checked where it enters SQL; check_vars runs
    them all at on-run-start, so nonsense is refused before anything is
    built, with one line that names the var. -#}

{% macro check_vars() -%}
    {%- do as_of_date_text() -%}
    {%- do reporting_currency() -%}
    {%- do schema_var('crm_raw_schema') -%}
    {%- do crm_source_name() -%}
    {%- if crm_source_name() == 'hubspot' -%}
        {%- do check_hubspot_vars() -%}
    {%- endif -%}
    {%- if var('crm_supplement_schema') | string | trim != '' -%}
        {%- do schema_var('crm_supplement_schema') -%}
    {%- endif -%}
    {%- for name in ['allow_future_as_of', 'audit_allow_no_deals', 'hubspot_stages_from_seed'] -%}
        {%- do flag_var(name) -%}
    {%- endfor -%}
    {%- for name in ['min_plausible_year', 'max_years_after_as_of', 'max_amount',
                     'audit_fail_quarantine_share', 'audit_warn_quarantine_share',
                     'audit_min_failing_rows', 'hubspot_enterprise_min_employees',
                     'hubspot_mid_market_min_employees'] -%}
        {%- do number_var(name) -%}
    {%- endfor -%}
{%- endmacro %}

{#- A var that names a schema (crm_raw_schema, crm_supplement_schema), which
    must be a plain identifier. -#}
{% macro schema_var(name) -%}
    {%- set value = var(name) | string | trim -%}
    {%- if not modules.re.match('^[A-Za-z_][A-Za-z0-9_]*$', value) -%}
        {{ exceptions.raise_compiler_error("var " ~ name ~ " must be a plain schema name (letters, digits and _, not starting with a digit), got '" ~ value ~ "'") }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}

{#- The var crm_source: contract, salesforce or hubspot. -#}
{% macro crm_source_name() -%}
    {%- set value = var('crm_source') | string | trim -%}
    {%- if value not in ['contract', 'salesforce', 'hubspot'] -%}
        {{ exceptions.raise_compiler_error("var crm_source must be contract, salesforce or hubspot, got '" ~ value ~ "'") }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}

{#- A numeric var, which must be a number. -#}
{% macro number_var(name) -%}
    {%- set value = var(name) | string | trim -%}
    {%- if not modules.re.match('^[0-9]+([.][0-9]+)?$', value) -%}
        {{ exceptions.raise_compiler_error("var " ~ name ~ " must be a non-negative number, got '" ~ value ~ "'") }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}

{#- A var that is true or false: true, yes or 1; false, no or 0. -#}
{% macro flag_var(name) -%}
    {%- set value = var(name) | string | trim | lower -%}
    {%- if value not in ['true', 'yes', '1', 'false', 'no', '0'] -%}
        {{ exceptions.raise_compiler_error("var " ~ name ~ " must be true or false, got '" ~ value ~ "'") }}
    {%- endif -%}
    {{ return(value in ['true', 'yes', '1']) }}
{%- endmacro %}
