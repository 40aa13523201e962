{#- Raw text read as dates, timestamps and numbers, the same way on every
    engine. A value is cast only after a pattern check has shown the cast
    will succeed: a value that does not parse becomes NULL, so staging
    quarantines its row with a reason, and a bad raw value never aborts a
    build, whether the engine's cast fails on it (Postgres, Spark with ANSI
    mode, Databricks) or not (DuckDB's try_cast). What parses:
    - a timestamp: YYYY-MM-DD, optionally followed by T or a space and
      HH:MM, optionally :SS and up to six decimals, and then optionally an
      offset (Z, +HH, +HHMM, +HH:MM), on a real calendar day at a real time
      of day. No offset means UTC; an offset is applied, so the value is in
      UTC.
    - a date: YYYY-MM-DD, or the date of such a timestamp (as written, its
      offset ignored).
    - a decimal: optional sign, digits with an optional decimal point, at
      most precision - scale - 1 digits before it, optionally a negative
      exponent (5.7e-05, as a float written as text reads); more decimals
      than the scale are rounded.
    A year of fewer than four digits is that year ('26-01-15' is 26 AD, a
    timestamp of it that day's midnight), which staging then quarantines as
    an implausible year.
    Every case is a case, not an and: Postgres may evaluate the operands of
    and in any order, and its casts fail on bad text. Expects clean_text
    output. -#}

{#- On DuckDB, parse_timestamp and parse_date are called as functions that
    every build creates in the build database from the same SQL
    (create_parse_functions, on-run-start): each base model's compiled SQL,
    which dbt and sqlfluff then handle, holds a call instead of a page of
    case expressions. Other engines inline the SQL. -#}
{% macro create_parse_functions() -%}
    {%- if target.type == 'duckdb' -%}
        create or replace macro crm_parse_timestamp(raw_text) as ({{ default__parse_timestamp('raw_text') }});
        create or replace macro crm_parse_date(raw_text) as ({{ default__parse_date('raw_text') }});
    {%- endif -%}
{%- endmacro %}

{% macro parse_timestamp(text) -%}
    {{ return(adapter.dispatch('parse_timestamp')(text)) }}
{%- endmacro %}

{% macro duckdb__parse_timestamp(text) -%}
    crm_parse_timestamp({{ text }})
{%- endmacro %}

{% macro default__parse_timestamp(text) -%}
    case
        when {{ is_iso_timestamp(text) }} then {{ iso_timestamp_value(text) }}
        when {{ matches_pattern(text, '^[0-9]{1,3}-') }}
            then cast({{ short_year_date(text) }} as {{ dbt.type_timestamp() }})
    end
{%- endmacro %}

{% macro parse_date(text) -%}
    {{ return(adapter.dispatch('parse_date')(text)) }}
{%- endmacro %}

{% macro duckdb__parse_date(text) -%}
    crm_parse_date({{ text }})
{%- endmacro %}

{% macro default__parse_date(text) -%}
    case
        when {{ is_iso_timestamp(text) }} then cast(substr({{ text }}, 1, 10) as date)
        when {{ matches_pattern(text, '^[0-9]{1,3}-') }} then {{ short_year_date(text) }}
    end
{%- endmacro %}

{#- The date of a text whose year has fewer than four digits, read with the
    year padded: NULL unless the padded text is_iso_timestamp. -#}
{% macro short_year_date(text) -%}
    case
        when {{ is_iso_timestamp(year_padded(text)) }}
            then cast(substr({{ year_padded(text) }}, 1, 10) as date)
    end
{%- endmacro %}

{#- A decimal of the given precision and scale; see above. Wider than 18
    digits (amounts: 28), a value with at most 18 - scale - 1 digits before
    the point, the amounts CRMs hold, is read as decimal(18, scale) first
    (rounding it can add a digit, which still fits) and then widened, the
    same value: DuckDB casts text to a decimal of more than 18 digits (a
    128-bit integer) some 60 times slower (at 100x the forecasts' amounts
    took 1.2 s instead of 0.02). -#}
{% macro parse_decimal(text, precision, scale) -%}
    {%- set pattern = '^[+-]?([0-9]{1,%d}([.][0-9]*)?|[.][0-9]+)([eE]-[0-9]{1,2})?$' -%}
    case
        {%- if precision > 18 %}
        when {{ matches_pattern(text, pattern | format(18 - scale - 1)) }}
            then cast(cast({{ text }} as decimal(18, {{ scale }})) as decimal({{ precision }}, {{ scale }}))
        {%- endif %}
        when {{ matches_pattern(text, pattern | format(precision - scale - 1)) }}
            then cast({{ text }} as decimal({{ precision }}, {{ scale }}))
    end
{%- endmacro %}

{#- A whole number (score, visitors); '9' and '9.0' parse, '9.5' does not. -#}
{% macro parse_integer(text) -%}
    {%- set number = parse_decimal(text, 18, 6) -%}
    case
        when {{ number }} = floor({{ number }})
            then cast({{ number }} as {{ dbt.type_bigint() }})
    end
{%- endmacro %}

{#- True when text (with a four-digit year) is a timestamp as
    parse_timestamp reads it: the pattern holds every month's length but
    February's in a leap year, and the year 0 does not exist. -#}
{% macro is_iso_timestamp(text) -%}
    {%- set month_day -%}
        ((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-9]))
    {%- endset -%}
    {%- set time_of_day -%}
        ([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]{1,6})?)?
    {%- endset -%}
    {%- set year = 'cast(substr(' ~ text ~ ', 1, 4) as ' ~ dbt.type_int() ~ ')' -%}
    case
        when {{ matches_pattern(text, '^[0-9]{4}-' ~ month_day ~ '([T ]' ~ time_of_day ~ '(Z|[+-][0-9]{2}(:?[0-9]{2})?)?)?$') }}
            then case
                when substr({{ text }}, 1, 4) = '0000' then false
                when substr({{ text }}, 6, 5) = '02-29'
                    then mod({{ year }}, 4) = 0 and (mod({{ year }}, 100) <> 0 or mod({{ year }}, 400) = 0)
                else true
            end
        else false
    end
{%- endmacro %}

{#- The UTC timestamp of a text that is_iso_timestamp: a +HH, +HHMM or
    +HH:MM offset (or -) after the time is subtracted (added). -#}
{% macro iso_timestamp_value(text) -%}
    {%- set offset_length -%}
        case
            when substr({{ text }}, length({{ text }}) - 2, 1) = ':' then 6
            when substr({{ text }}, length({{ text }}) - 4, 1) in ('+', '-') then 5
            else 3
        end
    {%- endset -%}
    {%- set sign_position = '(length(' ~ text ~ ') - ' ~ offset_length ~ ' + 1)' -%}
    {%- set offset_minutes -%}
        (case when substr({{ text }}, {{ sign_position }}, 1) = '-' then 1 else -1 end)
        * (
            cast(substr({{ text }}, {{ sign_position }} + 1, 2) as {{ dbt.type_int() }}) * 60
            + case
                when {{ offset_length }} = 3 then 0
                else cast(substr({{ text }}, length({{ text }}) - 1, 2) as {{ dbt.type_int() }})
            end
        )
    {%- endset -%}
    case
        when substr({{ text }}, 17) like '%+%' or substr({{ text }}, 17) like '%-%'
            then {{ add_minutes(
                'cast(replace(substr(' ~ text ~ ', 1, ' ~ sign_position ~ ' - 1), \'T\', \' \') as '
                ~ dbt.type_timestamp() ~ ')',
                offset_minutes,
            ) }}
        else cast(replace(replace({{ text }}, 'T', ' '), 'Z', '') as {{ dbt.type_timestamp() }})
    end
{%- endmacro %}

{#- The text with its year left-padded to four digits: '26-01-15' becomes
    '0026-01-15'. -#}
{% macro year_padded(text) -%}
    {%- set year = dbt.split_part(text, "'-'", 1) -%}
    {{ dbt.concat(['lpad(' ~ year ~ ', 4, ' ~ "'0')", 'substr(' ~ text ~ ', length(' ~ year ~ ') + 1)']) }}
{%- endmacro %}

{#- True when text matches the regular expression (a SQL string literal's
    content; no backslashes, which engines escape differently). -#}
{% macro matches_pattern(text, pattern) -%}
    {{ return(adapter.dispatch('matches_pattern')(text, pattern)) }}
{%- endmacro %}

{% macro default__matches_pattern(text, pattern) -%}
    regexp_like({{ text }}, '{{ pattern }}')
{%- endmacro %}

{% macro duckdb__matches_pattern(text, pattern) -%}
    regexp_matches({{ text }}, '{{ pattern }}')
{%- endmacro %}

{% macro postgres__matches_pattern(text, pattern) -%}
    ({{ text }} ~ '{{ pattern }}')
{%- endmacro %}

{% macro spark__matches_pattern(text, pattern) -%}
    ({{ text }} rlike '{{ pattern }}')
{%- endmacro %}

{#- A timestamp plus a whole number of minutes (negative: minus), to the
    microsecond: dbt.dateadd on Spark goes through whole unix seconds. -#}
{% macro add_minutes(timestamp, minutes) -%}
    {{ return(adapter.dispatch('add_minutes')(timestamp, minutes)) }}
{%- endmacro %}

{% macro default__add_minutes(timestamp, minutes) -%}
    {{ dbt.dateadd('minute', minutes, timestamp) }}
{%- endmacro %}

{% macro spark__add_minutes(timestamp, minutes) -%}
    timestampadd(minute, {{ minutes }}, {{ timestamp }})
{%- endmacro %}
