{#- Incremental staging of a raw table that grows with the CRM's activity
    (base_crm__activities, base_crm__leads; configured in dbt_project.yml):
    a build stages again only the records whose raw rows changed since the
    last one, exactly as a full build would stage them. A record is its
    rows with the same staging_key (its key column as staged, '' when
    missing). Its raw rows are compared with the rows the model holds as a
    multiset of raw_row texts, so a new, changed, repeated or removed raw
    row marks its record changed whatever its dates say; every raw row of a
    changed record is staged again (deduplication needs them all) and
    replaces the record's rows (delete+insert by staging_key). -#}
{% macro changed_staging_keys(table_name, key) -%}
    select coalesce(raw_rows.staging_key, built_rows.staging_key) as staging_key
    from (
        select
            {{ staging_key(key) }} as staging_key,
            {{ raw_row_text(contract_columns(table_name) | map(attribute='name') | list) }} as raw_row,
            count(*) as row_count
        from {{ crm_source(table_name) }}
        group by 1, 2
    ) as raw_rows
    full outer join (
        select staging_key, raw_row, count(*) as row_count
        from {{ this }}
        group by staging_key, raw_row
    ) as built_rows
        on raw_rows.raw_row = built_rows.raw_row
    where raw_rows.row_count is distinct from built_rows.row_count
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
