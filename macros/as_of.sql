{#- "Now" for every model: the var as_of (YYYY-MM-DD), or today in UTC when it
    is empty. This is the only place that reads the clock, so any past state
    can be rebuilt with --vars '{as_of: 2026-03-31}'. A date that is not on
    the calendar is refused, and so is one after today unless the var
    allow_future_as_of is true. -#}
{% macro as_of_date_text() -%}
    {%- set today = modules.datetime.datetime.now(modules.pytz.utc).date() -%}
    {%- set value = var('as_of', none) -%}
    {%- if value is none or (value | string | trim) == '' -%}
        {{ return(today.strftime('%Y-%m-%d')) }}
    {%- endif -%}
    {%- set value = value | string | trim -%}
    {%- if not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', value) -%}
        {{ exceptions.raise_compiler_error("var as_of must be a date YYYY-MM-DD, got '" ~ value ~ "'") }}
    {%- endif -%}
    {%- set parts = value.split('-') | map('int') | list -%}
    {%- set valid_month = parts[0] >= 1 and 1 <= parts[1] <= 12 -%}
    {%- if not valid_month or parts[2] < 1 or parts[2] > (
            modules.datetime.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            - modules.datetime.timedelta(days=1)).day -%}
        {{ exceptions.raise_compiler_error("var as_of is not a calendar date: '" ~ value ~ "'") }}
    {%- endif -%}
    {%- if value > today.strftime('%Y-%m-%d') and not flag_var('allow_future_as_of') -%}
        {{ exceptions.raise_compiler_error("var as_of " ~ value ~ " is after today (" ~ today ~ "); set allow_future_as_of: true if that is meant") }}
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
