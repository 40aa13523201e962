{#- persist_docs on DuckDB: dbt's own (default__persist_docs, and
    dbt-duckdb's duckdb__alter_column_comment) without their two lookups of
    the relation's columns, each made to skip documented columns the
    relation lacks (dbt warns, dbt-duckdb is silent). Here a documented
    column the model does not build fails the build (DuckDB has no such
    column to comment on) instead of going without a comment, and
    test_project holds every built column documented and every documented
    column built. A lookup is a statement and a macro context per table: the
    demo's build sends 53 statements fewer (1,682 to 1,629), about 3 % of
    its time; the comments written are the same (500 columns).
-#}
{% macro duckdb__persist_docs(relation, model, for_relation, for_columns) %}
    {%- if for_relation and config.persist_relation_docs() and model.description %}
        {%- do run_query(alter_relation_comment(relation, model.description)) %}
    {%- endif %}
    {%- if for_columns and config.persist_column_docs() and model.columns %}
        {%- do run_query(alter_column_comment(relation, model.columns)) %}
    {%- endif %}
{% endmacro %}

{% macro duckdb__alter_column_comment(relation, column_dict) %}
    {%- for column_name, column in column_dict.items() %}
        comment on column {{ relation }}.{{ adapter.quote(column_name) if column.quote else column_name }}
        is {{ duckdb_escape_comment(column.description) }};
    {%- endfor %}
{% endmacro %}
