{#- persist_docs' column comments on DuckDB: dbt-duckdb's own
    (duckdb__alter_column_comment) without the lookup of the relation's
    columns it makes to skip documented columns the relation lacks. Here a
    documented column the model does not build fails the build (DuckDB has
    no such column to comment on) instead of going without a comment, and
    test_project holds every built column documented. The lookup was a
    statement and a macro context per table (about a twentieth of a small
    build's CPU); the comments written are the same.
-#}
{% macro duckdb__alter_column_comment(relation, column_dict) %}
    {%- for column_name, column in column_dict.items() %}
        comment on column {{ relation }}.{{ adapter.quote(column_name) if column.quote else column_name }}
        is {{ duckdb_escape_comment(column.description) }};
    {%- endfor %}
{% endmacro %}
