{#- Incremental staging of a raw table that grows with the CRM's activity
    (base_crm__activities, base_crm__leads, base_crm__opportunity_stage_history;
    configured in dbt_project.yml):
    a build stages again only the records whose raw rows changed since the
    last one, exactly as a full build would stage them. A record is its
    rows with the same staging_key (its key column as staged, '' when
    missing). Its raw rows are compared with the rows the model holds as a
    multiset of raw_row texts, so a new, changed, repeated or removed raw
    row marks its record changed whatever its dates say; every raw row of a
    changed record is staged again (deduplication needs them all) and
    replaces the record's rows (delete+insert by staging_key). A row staged
    with other staging_settings (vars, the channels seed) than the build's
    counts as changed too, so a change of them stages every record again. -#}
{% macro changed_staging_keys(table_name, key) -%}
    select coalesce(raw_rows.staging_key, built_rows.staging_key) as staging_key
    from (
        select
            {{ staging_key(key) }} as staging_key,
            {{ raw_row_text(contract_columns(table_name) | map(attribute='name') | list) }} as raw_row,
            {{ staging_settings(table_name) }} as staging_settings,
            count(*) as row_count
        from {{ crm_source(table_name) }}
        group by 1, 2, 3
    ) as raw_rows
    full outer join (
        select staging_key, raw_row, staging_settings, count(*) as row_count
        from {{ this }}
        group by staging_key, raw_row, staging_settings
    ) as built_rows
        on
            raw_rows.raw_row = built_rows.raw_row
            and raw_rows.staging_settings = built_rows.staging_settings
    where raw_rows.row_count is distinct from built_rows.row_count
{%- endmacro %}

{#- What besides its raw row decides how a row of the table stages, as text:
    the plausible years (vars min_plausible_year, max_years_after_as_of and
    as_of's year); for a table with a channel column, the channels of the
    channels seed; for a table with a stage column, the pipeline's stages
    (stg_crm__pipeline_stages: an unknown stage is quarantined). The lists
    are in their tables' order: a mere reordering only stages every record
    again. -#}
{% macro staging_settings(table_name) -%}
    {%- set first_year, last_year = plausible_years() -%}
    {%- set columns = contract_columns(table_name) -%}
    concat(
        'plausible years {{ first_year }}-{{ last_year }}'
        {%- if 'channel' in columns | map(attribute='kind') %},
        '; channels ',
        (select {{ dbt.listagg('channels.channel', "','") }} from {{ ref('channels') }} as channels)
        {%- endif %}
        {%- if 'stage' in columns | map(attribute='name') %},
        '; stages ',
        (select {{ dbt.listagg('stages.stage', "','") }} from {{ ref('stg_crm__pipeline_stages') }} as stages)
        {%- endif %}
    )
{%- endmacro %}

{#- A raw key column as staging_key: the id as staged (clean_text), '' when
    missing. -#}
{% macro staging_key(key) -%}
    coalesce({{ clean_text(key) }}, '')
{%- endmacro %}

{#- The post-hook of an incrementally staged table: a record whose raw rows
    are all gone (deleted in the CRM) has none to replace its rows with, so
    its rows are deleted here. -#}
{% macro delete_records_gone_from_raw(table_name, key) -%}
    {%- if is_incremental() -%}
        delete from {{ this }} as built
        where not exists (
            select 1
            from {{ crm_source(table_name) }}
            where {{ staging_key(key) }} = built.staging_key
        )
    {%- endif -%}
{%- endmacro %}
