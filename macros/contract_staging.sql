{#- The parts of every base_crm__<table> model that follow from the input
    contract (macros/crm_contract.sql): the columns of its texts CTE and of
    its parsed CTE, and its mechanical rejection reasons, each from the
    model's contract_table. The model writes the rest: imports, conversion,
    the rules particular to its table and deduplication. -#}

{#- The texts CTE's columns: each raw value as trimmed text (codes
    upper-cased, an empty optional currency the reporting currency), under
    the column's name for ids, texts, codes and currencies, else as
    <column>_text; then the record key and the whole raw row (the only place
    PII is kept). -#}
{% macro contract_text_columns(table) -%}
    {%- set columns = table.columns -%}
    {%- for column in columns if not column.pii %}
        {% if column.kind == 'code' or (column.kind == 'currency' and not column.optional) -%}
            upper({{ clean_text(column.name) }})
        {%- elif column.kind == 'currency' -%}
            coalesce(upper({{ clean_text(column.name) }}), {{ reporting_currency() }})
        {%- else -%}
            {{ clean_text(column.name) }}
        {%- endif %} as {{ column.text }},
    {%- endfor %}
        {{ record_key(table.record_key) }} as record_key,
        {{ raw_row_text(columns | map(attribute='name') | list) }} as raw_row
{%- endmacro %}

{#- The parsed CTE's columns: each value that is not plain text, parsed by
    its kind (NULL when it does not parse), under its staged name. -#}
{% macro contract_parsed_columns(table) -%}
    {%- for column in table.columns if column.kind not in ('id', 'text', 'code', 'currency') %}
        {{ parse_contract_value(column) }} as {{ column.value }}{% if not loop.last %},{% endif %}
    {%- endfor -%}
{%- endmacro %}

{#- A contract column's raw text parsed by its kind (see contract_columns). -#}
{% macro parse_contract_value(column) -%}
    {%- if column.kind == 'enum' and column.accepted_values and column.optional and column.default -%}
        case
            when {{ column.text }} is null then '{{ column.default }}'
            else coalesce({{ known_label(column.text, column.accepted_values) }}, 'unknown')
        end
    {%- elif column.kind == 'enum' and column.accepted_values and column.optional -%}
        {{ known_label(column.text, column.accepted_values) }}
    {%- elif column.kind == 'enum' -%}
        {{ normalize_label(column.text) }}
    {%- elif column.kind == 'channel' -%}
        {{ channel_label(column.text) }}
    {%- elif column.kind == 'date' and column.first_of_month -%}
        cast({{ dbt.date_trunc('month', parse_date(column.text)) }} as date)
    {%- elif column.kind == 'date' -%}
        {{ parse_date(column.text) }}
    {%- elif column.kind == 'timestamp' -%}
        {{ parse_timestamp(column.text) }}
    {%- elif column.kind == 'amount' -%}
        {{ parse_decimal(column.text, 28, 4) }}
    {%- elif column.kind == 'rate' -%}
        {{ parse_decimal(column.text, 18, 10) }}
    {%- elif column.kind == 'integer' -%}
        {{ parse_integer(column.text) }}
    {%- else -%}
        {{ exceptions.raise_compiler_error("macros/crm_contract.sql: unknown kind " ~ column.kind) }}
    {%- endif -%}
{%- endmacro %}

{#- The mechanical rejection reasons of a contract table, as `when ...
    then ...` branches of a case, column by column in contract order: a
    required value missing; a required enum's label outside its vocabulary;
    a value that does not parse; a date with an implausible year; an amount
    out of range or negative. Then, last because the rate depends on the
    row's dates, a currency without a rate (the model has converted the
    row's amounts, into fx_rate). The base model writes its own rules after
    these. -#}
{% macro contract_rejections(table) -%}
    {%- set columns = table.columns -%}
    {%- for column in columns -%}
        {%- set name = column.name -%}
        {%- set value = column.value -%}
        {%- if not column.optional %}
            when {{ column.text }} is null then 'missing {{ name }}'
        {%- endif -%}
        {%- if column.kind == 'enum' and column.accepted_values and not column.optional %}
            when {{ value }} not in ('{{ column.accepted_values | join("', '") }}') then 'invalid {{ name }}'
        {%- elif column.kind in ('date', 'timestamp', 'amount', 'rate', 'integer') and column.optional %}
            when {{ column.text }} is not null and {{ value }} is null then 'unparseable {{ name }}'
        {%- elif column.kind in ('date', 'timestamp', 'amount', 'rate', 'integer') %}
            when {{ value }} is null then 'unparseable {{ name }}'
        {%- endif -%}
        {%- if column.kind in ('date', 'timestamp') %}
            when {{ implausible_year(value) }} then 'implausible year in {{ name }}'
        {%- elif column.kind == 'amount' %}
            when {{ amount_out_of_range(value) }} then '{{ name }} out of range'
            when {{ value }} < 0 then 'negative {{ name }}'
        {%- endif -%}
    {%- endfor -%}
    {%- if columns | selectattr('kind', 'equalto', 'currency') | list %}
            when fx_rate is null then 'unknown currency'
    {%- endif -%}
{%- endmacro %}
