{#- Helpers that every staging base model uses to read raw text.
    Raw columns may arrive as text (CSV) or typed (Parquet, a CRM sync), so
    every value is first read as trimmed text, then parsed. -#}

{#- A raw value as trimmed text; empty or blank becomes NULL. -#}
{% macro clean_text(column) -%}
    nullif(trim(cast({{ column }} as {{ dbt.type_string() }})), '')
{%- endmacro %}

{#- An enum label in canonical form: 'Closed Won', ' closed-won ' and
    'CLOSED_WON' all become 'closed_won'. Expects clean_text output. -#}
{% macro normalize_label(text) -%}
    replace(replace(lower({{ text }}), ' ', '_'), '-', '_')
{%- endmacro %}

{#- The raw values of the key columns joined by '|': the record key that
    quarantine reports, exactly as the row carried it. -#}
{% macro record_key(columns) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '')") -%}
        {%- if not loop.last %}{% do parts.append("'|'") %}{% endif -%}
    {%- endfor -%}
    {{ dbt.concat(parts) }}
{%- endmacro %}

{#- The whole raw row as text, column=value pairs in contract order, for
    quarantine and for a deterministic tie-break between duplicates. -#}
{% macro raw_row_text(columns) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("'" ~ column ~ "='") -%}
        {%- do parts.append("coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '')") -%}
        {%- if not loop.last %}{% do parts.append("'; '") %}{% endif -%}
    {%- endfor -%}
    {{ dbt.concat(parts) }}
{%- endmacro %}

{#- The reporting currency (var reporting_currency), which must be a
    three-letter code, as an upper-case SQL string literal; amounts in it
    convert at 1. -#}
{% macro reporting_currency() -%}
    {%- set value = var("reporting_currency") | string | trim | upper -%}
    {%- if not modules.re.match('^[A-Z]{3}$', value) -%}
        {{ exceptions.raise_compiler_error("var reporting_currency must be a three-letter currency code like EUR, got '" ~ value ~ "'") }}
    {%- endif -%}
    '{{ value }}'
{%- endmacro %}

{#- A descriptive label normalised, or NULL when it is not one of the
    allowed values (staging lists such rows in audit_data_quality_warnings). -#}
{% macro known_label(text, allowed_values) -%}
    case
        when {{ normalize_label(text) }} in ('{{ allowed_values | join("', '") }}')
            then {{ normalize_label(text) }}
    end
{%- endmacro %}

{#- The rows of `relation` with the fx_rate that converts their `currency`
    into the reporting currency on `date_expression`: 1 for the reporting
    currency; else the rate of stg_crm__fx_rates (imported by the model as
    the CTE `fx_rates`) whose validity range holds the date, i.e. the latest
    rate on or before it, or the earliest rate for a date before them all.
    NULL means the currency has no rate at all (a quarantine reason). -#}
{% macro with_fx_rate(relation, date_expression) -%}
    select
        {{ relation }}.*,
        case
            when {{ relation }}.currency = {{ reporting_currency() }} then 1
            else fx_rates.rate_to_reporting
        end as fx_rate
    from {{ relation }}
    left join fx_rates
        on
            {{ relation }}.currency = fx_rates.currency
            and {{ date_expression }} >= fx_rates.valid_from_date
            and {{ date_expression }} < fx_rates.valid_to_date
{%- endmacro %}

{#- A channel as the input contract reads it: a channel of the channels seed
    in any label form ('Paid Search', 'PAID_SEARCH') is that channel; any
    other is kept as it is, trimmed and lower-cased ('organic search'); an
    empty one is 'unknown'. Expects clean_text output. -#}
{% macro channel_label(text) -%}
    coalesce(
        (
            select channels.channel
            from {{ ref('channels') }} as channels
            where channels.channel = {{ normalize_label(text) }}
        ),
        lower({{ text }}),
        'unknown'
    )
{%- endmacro %}

{#- True when a parsed date or timestamp has a year outside the plausible
    window: before the var min_plausible_year, or more than the var
    max_years_after_as_of after the year of as_of. Such a value is a misread
    (a two-digit year taken as 26 AD, a typo like 2206) and is quarantined. -#}
{% macro implausible_year(value) -%}
    {%- set first_year, last_year = plausible_years() -%}
    (
        {{ value }} < cast('{{ "%04d" % first_year }}-01-01' as {{ dbt.type_timestamp() }})
        or {{ value }} >= cast('{{ "%04d" % (last_year + 1) }}-01-01' as {{ dbt.type_timestamp() }})
    )
{%- endmacro %}

{#- The first and the last plausible year: the var min_plausible_year, and
    the year of as_of plus the var max_years_after_as_of. -#}
{% macro plausible_years() -%}
    {{ return([number_var('min_plausible_year') | int,
               as_of_date_text()[:4] | int + number_var('max_years_after_as_of') | int]) }}
{%- endmacro %}

{#- True when an amount reaches the var max_amount, in its own currency or
    converted at the row's fx_rate: beyond it sums would overflow the
    published decimal(18, 2), so the row is quarantined. -#}
{% macro amount_out_of_range(amount) -%}
    (
        abs({{ amount }}) >= {{ number_var('max_amount') }}
        or abs({{ amount }} * coalesce(fx_rate, 1)) >= {{ number_var('max_amount') }}
    )
{%- endmacro %}

{#- The dates a dated rate holds, as valid_from_date (inclusive) and
    valid_to_date (exclusive): from its date until the next rate of the same
    key; the earliest also covers every earlier date (from 1900-01-01) and
    the latest every later one (to 9999-12-31). -#}
{% macro rate_validity(key, date_column) -%}
    case
        when row_number() over (partition by {{ key }} order by {{ date_column }}) = 1
            then cast('1900-01-01' as date)
        else {{ date_column }}
    end as valid_from_date,
    coalesce(
        lead({{ date_column }}) over (partition by {{ key }} order by {{ date_column }}),
        cast('9999-12-31' as date)
    ) as valid_to_date
{%- endmacro %}
