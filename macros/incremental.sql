{#- Incremental staging of a raw table that grows with the CRM's activity
    (activities, leads, opportunities, their stage history and invoices;
    configured in dbt_project.yml):
    a build stages again only the records whose raw rows changed since the
    last one, exactly as a full build would stage them. A record is its
    rows with the same staging_key (the first column of the contract's
    record_key as staged, '' when missing). Its raw rows are compared with
    the rows the model holds as a multiset of hashes of their raw values
    (raw_row_hash) by record, so a new, changed, repeated or removed raw row
    marks its record changed whatever its dates say; every raw row of a
    changed record is staged again
    (deduplication needs them all) and replaces the record's rows
    (delete+insert by staging_key). A row staged with other staging_settings
    (vars, seeds, fx rates) than the build's counts as changed too, so a
    change of them stages every record again. A model stages incrementally
    with staging_record_columns, only_changed_records and the post-hook
    delete_records_gone_from_raw. -#}
{% macro changed_staging_keys(table) -%}
    {%- set built_columns = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list if execute else [] -%}
    {%- for column in ['staging_settings', 'raw_row_hash'] if execute and column not in built_columns -%}
        {{ exceptions.raise_compiler_error(
            this ~ " was staged by an earlier version of the project, without " ~ column ~ ": "
            ~ "build once with --full-refresh (python scripts/build.py --full-refresh)") }}
    {%- endfor %}
    -- +1 a raw row, -1 a staged row: a record changed where they do not
    -- cancel out. One grouping: a fifth less CPU than grouping each side
    -- and joining them (the activities at 100x).
    select staging_key
    from (
        select
            {{ staging_key(table) }} as staging_key,
            {{ raw_row_hash(table) }} as raw_row_hash,
            1 as row_side
        from {{ crm_source(table.name) }}

        union all

        -- A row staged with other settings is left out, as if never staged.
        select
            staging_key,
            raw_row_hash,
            -1 as row_side
        from {{ this }}
        where staging_settings = {{ staging_settings(table) }}
    ) as compared_rows
    group by staging_key, raw_row_hash
    having sum(row_side) <> 0
{%- endmacro %}

{#- What besides its raw row decides how a row of the table stages, as text:
    the plausible years (vars min_plausible_year, max_years_after_as_of and
    as_of's year); with a channel column, the channels seed's channels; with
    a stage column, the pipeline's stages and which are closed and won
    (stg_crm__pipeline_stages); with amounts, the var max_amount; with a
    currency, the reporting currency and every fx rate
    (stg_crm__fx_rates). The lists enter as hashes of their sorted values. -#}
{% macro staging_settings(table) -%}
    {%- set first_year, last_year = plausible_years() -%}
    {%- set columns = table.columns -%}
    {%- set kinds = columns | map(attribute='kind') | list -%}
    concat(
        'plausible years {{ first_year }}-{{ last_year }}'
        {%- if 'channel' in kinds %},
        '; channels ',
        {{ dbt.hash(sorted_values('channels.channel', ref('channels') ~ ' as channels')) }}
        {%- endif %}
        {%- if 'stage' in columns | map(attribute='name') %},
        '; stages ',
        {{ dbt.hash(sorted_values(
            "concat(stages.stage, ':', cast(stages.is_closed as " ~ dbt.type_string() ~ "), ':', cast(stages.is_won as " ~ dbt.type_string() ~ "))",
            ref('stg_crm__pipeline_stages') ~ ' as stages')) }}
        {%- endif %}
        {%- if 'amount' in kinds %},
        '; max amount {{ number_var('max_amount') }}'
        {%- endif %}
        {%- if 'currency' in kinds %},
        '; reporting currency ',
        {{ reporting_currency() }},
        '; fx rates ',
        {{ dbt.hash(sorted_values(
            "concat(rates.currency, ':', cast(rates.rate_date as " ~ dbt.type_string() ~ "), ':', cast(rates.rate_to_reporting as " ~ dbt.type_string() ~ "))",
            ref('stg_crm__fx_rates') ~ ' as rates')) }}
        {%- endif %}
    )
{%- endmacro %}

{#- A scalar subquery: the values of a text expression over a (small)
    relation, sorted and joined by ','. -#}
{% macro sorted_values(expression, relation) -%}
    {{ return(adapter.dispatch('sorted_values')(expression, relation)) }}
{%- endmacro %}

{% macro default__sorted_values(expression, relation) -%}
    (select {{ dbt.listagg(expression, "','", 'order by ' ~ expression) }} from {{ relation }})
{%- endmacro %}

{#- Spark's listagg cannot order: its arrays can. -#}
{% macro spark__sorted_values(expression, relation) -%}
    (select array_join(array_sort(collect_list({{ expression }})), ',') from {{ relation }})
{%- endmacro %}

{#- A raw row's staging_key: the first column of the table's contract
    record_key as staged (clean_text), '' when missing. -#}
{% macro staging_key(table) -%}
    coalesce({{ clean_text(table.record_key[0]) }}, '')
{%- endmacro %}

{#- The three columns an incrementally staged row carries besides the
    contract's. -#}
{% macro staging_record_columns(table) -%}
    {{ staging_key(table) }} as staging_key,
    {{ raw_row_hash(table) }} as raw_row_hash,
    {{ staging_settings(table) }} as staging_settings
{%- endmacro %}

{#- A hash of a raw row of the table: of its values in contract order, to
    compare raw rows with staged ones. On DuckDB its own 64-bit hash of the
    values, which tells a NULL from '' and depends on their order (comparing
    the activities at 100x took 2.2 s instead of 7.4 s with raw_row's
    texts); elsewhere the md5 of raw_row's text. An engine version that
    hashes otherwise only stages every record again. -#}
{% macro raw_row_hash(table) -%}
    {{ return(adapter.dispatch('raw_row_hash')(table.columns | map(attribute='name') | list)) }}
{%- endmacro %}

{% macro default__raw_row_hash(columns) -%}
    {{ dbt.hash(raw_row_text(columns)) }}
{%- endmacro %}

{% macro duckdb__raw_row_hash(columns) -%}
    hash({{ columns | join(', ') }})
{%- endmacro %}

{#- In an incremental build, the where clause that keeps the raw rows of
    the changed records (changed_staging_keys); nothing in a full build. -#}
{% macro only_changed_records(table) -%}
    {%- if is_incremental() %}
        where {{ staging_key(table) }} in ({{ changed_staging_keys(table) }})
    {%- endif %}
{%- endmacro %}

{#- The post-hook of an incrementally staged table: a record whose raw rows
    are all gone (deleted in the CRM) has none to replace its rows with, so
    its rows are deleted here. -#}
{% macro delete_records_gone_from_raw(table_name) -%}
    {%- if is_incremental() -%}
        delete from {{ this }} as built
        where not exists (
            select 1
            from {{ crm_source(table_name) }}
            where {{ staging_key(contract_table(table_name)) }} = built.staging_key
        )
    {%- endif -%}
{%- endmacro %}
