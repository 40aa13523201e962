{#- "Now" for every model: the var as_of (YYYY-MM-DD), or today in UTC when it
    is empty. This is the only place that reads the clock, so any past state
    can be rebuilt with --vars '{as_of: 2026-03-31}'. -#}
{% macro as_of_date_text() -%}
    {%- set value = var('as_of', none) -%}
    {%- if value is none or (value | string | trim) == '' -%}
        {%- set value = modules.datetime.datetime.now(modules.pytz.utc).strftime('%Y-%m-%d') -%}
    {%- endif -%}
    {%- set value = value | string | trim -%}
    {%- if not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', value) -%}
        {{ exceptions.raise_compiler_error("var as_of must be a date YYYY-MM-DD, got '" ~ value ~ "'") }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}

{#- The as_of date as a SQL date. -#}
{% macro as_of_date() -%}
    cast('{{ as_of_date_text() }}' as date)
{%- endmacro %}

{#- The first instant after as_of: events strictly before it have happened. -#}
{% macro as_of_end() -%}
    {{ dbt.dateadd('day', 1, "cast('" ~ as_of_date_text() ~ "' as " ~ dbt.type_timestamp() ~ ")") }}
{%- endmacro %}
