{#- Raw text read as dates, timestamps and numbers, the same way on every
    engine. A value is cast only after a pattern check (and, for dates, a
    calendar check) has shown the cast will succeed: a value that does not
    parse becomes NULL, so staging quarantines its row with a reason, and a
    bad raw value never aborts a build, whether the engine's cast fails on it
    (Postgres, Spark with ANSI mode, Databricks) or not (DuckDB's try_cast).
    What parses:
    - a date: YYYY-MM-DD, or the date of a timestamp below (the date as
      written, its offset ignored);
    - a timestamp: YYYY-MM-DD, optionally followed by T or a space,
      HH:MM, optionally :SS and up to six decimals, and then optionally an
      offset (Z, +HH, +HHMM, +HH:MM); no offset means UTC, an offset is
      applied, so the value is in UTC;
    - a decimal: optional sign, digits with an optional decimal point, at
      most precision - scale - 1 digits before it, optionally a negative
      exponent (5.7e-05, as a float written as text reads); more decimals
      than the scale are rounded.
    A year may have fewer than four digits ('26-01-15' is 26 AD, which
    staging then quarantines as an implausible year). Expects clean_text
    output. -#}

{% macro parse_date(text) -%}
    case
        when {{ is_iso_timestamp(text) }}
            then cast(substr({{ year_padded(text) }}, 1, 10) as date)
    end
{%- endmacro %}

{% macro parse_timestamp(text) -%}
    {%- set padded = year_padded(text) -%}
    {#- The part after HH:MM: ':SS.ffffff' and the offset, any of them empty. -#}
    {%- set tail = 'substr(' ~ padded ~ ', 17)' -%}
    {%- set offset_sign -%}
        case when {{ tail }} like '%+%' then '+' when {{ tail }} like '%-%' then '-' end
    {%- endset -%}
    {#- The offset's digits without the colon: HH or HHMM. -#}
    {%- set offset_digits -%}
        replace(substr({{ tail }}, {{ dbt.position(offset_sign, tail) }} + 1), ':', '')
    {%- endset -%}
    {%- set local_text -%}
        replace(
            case
                when {{ offset_sign }} is not null
                    then substr({{ padded }}, 1, 15 + {{ dbt.position(offset_sign, tail) }})
                else replace({{ padded }}, 'Z', '')
            end,
            'T', ' '
        )
    {%- endset -%}
    {%- set offset_minutes -%}
        coalesce(
            (case when {{ offset_sign }} = '-' then -1 else 1 end)
            * (
                cast(substr({{ offset_digits }}, 1, 2) as {{ dbt.type_int() }}) * 60
                + coalesce(cast(nullif(substr({{ offset_digits }}, 3, 2), '') as {{ dbt.type_int() }}), 0)
            ),
            0
        )
    {%- endset -%}
    case
        when {{ is_iso_timestamp(text) }}
            then {{ add_minutes(
                'cast(' ~ local_text ~ ' as ' ~ dbt.type_timestamp() ~ ')',
                '-1 * ' ~ offset_minutes,
            ) }}
    end
{%- endmacro %}

{#- A decimal of the given precision and scale; see above. -#}
{% macro parse_decimal(text, precision, scale) -%}
    {%- set digits = precision - scale - 1 -%}
    case
        when {{ matches_pattern(
            text,
            '^[+-]?([0-9]{1,' ~ digits ~ '}([.][0-9]*)?|[.][0-9]+)([eE]-[0-9]{1,2})?$',
        ) }}
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

{#- True when text is a timestamp as parse_timestamp reads it, on a real
    calendar day at a real time of day. -#}
{% macro is_iso_timestamp(text) -%}
    {%- set padded = year_padded(text) -%}
    {%- set month = 'cast(substr(' ~ padded ~ ', 6, 2) as ' ~ dbt.type_int() ~ ')' -%}
    {%- set day = 'cast(substr(' ~ padded ~ ', 9, 2) as ' ~ dbt.type_int() ~ ')' -%}
    {%- set year = 'cast(substr(' ~ padded ~ ', 1, 4) as ' ~ dbt.type_int() ~ ')' -%}
    {#- A case, not an and: only a value that matches the pattern is cut into
        parts and cast (Postgres may evaluate the operands of and in any
        order, and its casts fail on bad text). -#}
    case
        when {{ matches_pattern(
            text,
            '^[0-9]{1,4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,6})?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?)?$',
        ) }}
            then
                {{ month }} between 1 and 12
                and {{ day }} between 1 and case
                    when {{ month }} = 2
                        then case
                            when mod({{ year }}, 4) = 0 and (mod({{ year }}, 100) != 0 or mod({{ year }}, 400) = 0)
                                then 29
                            else 28
                        end
                    when {{ month }} in (4, 6, 9, 11) then 30
                    else 31
                end
                and coalesce(cast(nullif(substr({{ padded }}, 12, 2), '') as {{ dbt.type_int() }}), 0) < 24
                and coalesce(cast(nullif(substr({{ padded }}, 15, 2), '') as {{ dbt.type_int() }}), 0) < 60
                and coalesce(cast(nullif(substr({{ padded }}, 18, 2), '') as {{ dbt.type_int() }}), 0) < 60
        else false
    end
{%- endmacro %}

{#- The text with its year left-padded to four digits ('26-01-15' becomes
    '0026-01-15'), so every later part sits at a fixed position. -#}
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
    microsecond: dbt.dateadd on Spark goes through unix seconds. -#}
{% macro add_minutes(timestamp, minutes) -%}
    {{ return(adapter.dispatch('add_minutes')(timestamp, minutes)) }}
{%- endmacro %}

{% macro default__add_minutes(timestamp, minutes) -%}
    {{ dbt.dateadd('minute', minutes, timestamp) }}
{%- endmacro %}

{% macro spark__add_minutes(timestamp, minutes) -%}
    timestampadd(minute, {{ minutes }}, {{ timestamp }})
{%- endmacro %}
