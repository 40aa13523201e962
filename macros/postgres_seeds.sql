{#- dbt seed on PostgreSQL: dbt's own load (default__load_csv_rows), with each
    insert's row of placeholders written once instead of once per cell. dbt's default
    calls the get_binding_char() macro for every cell: for the demo's
    activities (44,957 rows of 18 columns) that is 809,000 macro calls, about
    30 s of Jinja, and the demo's seeds took over a minute. The statements
    and their bindings are the same. -#}
{% macro postgres__load_csv_rows(model, agate_table) %}
    {%- set columns = get_seed_column_quoted_csv(model, agate_table.column_names) -%}
    {%- set placeholders = '(' ~ ([get_binding_char()] * agate_table.column_names | length) | join(', ') ~ ')' -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set bindings = [] -%}
        {%- for row in chunk -%}
            {%- do bindings.extend(row) -%}
        {%- endfor -%}
        {%- set sql -%}
            insert into {{ this.render() }} ({{ columns }}) values
            {{ ([placeholders] * chunk | length) | join(',\n') }}
        {%- endset -%}
        {%- do adapter.add_query(sql, bindings=bindings, abridge_sql_log=True) -%}
        {%- do statements.append(sql) if loop.first -%}
    {%- endfor -%}
    {{ return(statements[0]) }}
{% endmacro %}
