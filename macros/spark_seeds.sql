{#- dbt seed on Spark in this process (method session): Spark reads the seed's
    CSV file itself, as dbt-duckdb's seeds copy theirs, and each column is
    cast to its seed type. dbt-spark's own load binds every value into
    inserts of literal rows: with method session an empty cell arrives as
    the text 'None' (dbt-labs/dbt-adapters#487), and the demo's 100k rows
    took about two minutes (Spark parsing the literal rows). A target with
    host NA is method session (dbt-spark's documented placeholder: the
    session has no host; `target` does not show the method); any other
    target (a cluster, which cannot read this machine's files) keeps
    dbt-spark's load. -#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- if target.host != 'NA' -%}
        {{ return(dbt.spark__load_csv_rows(model, agate_table)) }}
    {%- endif -%}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set path = model['root_path'] ~ '/' ~ model['original_file_path'] -%}
    {%- set csv_view = 'seed_csv__' ~ model['name'] -%}
    {%- set read_csv -%}
        create or replace temporary view {{ csv_view }}
        using csv
        options (
            path '{{ path.replace("\\", "\\\\").replace("'", "\\'") }}',
            header 'true', multiLine 'true', escape '"', inferSchema 'false'
        )
    {%- endset -%}
    {%- set sql -%}
        insert into {{ this.render() }}
        select
        {%- for column_name in agate_table.column_names %}
            cast(`{{ column_name.replace('`', '``') }}` as {{ column_override.get(column_name, adapter.convert_type(agate_table, loop.index0)) }})
            {%- if not loop.last %},{% endif %}
        {%- endfor %}
        from {{ csv_view }}
    {%- endset -%}
    {%- do adapter.add_query(read_csv, abridge_sql_log=True) -%}
    {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
    {%- do adapter.add_query('drop view ' ~ csv_view, abridge_sql_log=True) -%}
    {{ return(sql) }}
{% endmacro %}
