{#- Tables on DuckDB, replaced in place: dbt-duckdb's table materialization
    as it builds a table with foreign keys (drop and create under the same
    name in one transaction; a failed build rolls back to the old table),
    for every table. Its other path (create a __dbt_tmp table, look up the
    old one's indexes and foreign keys, rename it to __dbt_backup, rename
    the new one into place, commit, drop the backup) keeps the old table
    readable while the new one is built: readers never read the build
    database (scripts/build.py publishes a copy), and that path costs four
    statements more per table. The project's tables have no indexes,
    foreign keys, grants or Python models.
-#}
{% materialization table, adapter="duckdb" %}
    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set target_relation = this.incorporate(type='table') -%}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {% do adapter.ensure_transaction() %}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}
    {% if existing_relation is not none %}
        {% do adapter.drop_relation(existing_relation) %}
    {% endif %}
    {% call statement('main') -%}
        {{ create_table_as(False, target_relation, compiled_code) }}
    {%- endcall %}
    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {% do persist_docs(target_relation, model) %}
    {{ adapter.commit() }}
    {{ run_hooks(post_hooks, inside_transaction=False) }}

    {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}
