{#- A table of a source mapping's source (salesforce or hubspot:
    models/staging/<source>/_<source>__sources.yml) as its models read it:
    exactly its declared columns, in declared order, as they arrive (text
    from an export, typed from Fivetran).
    - A column declared optional that the table lacks (a field the org or
      portal does not have, such as currency_iso_code in a single-currency
      Salesforce org or a HubSpot property Fivetran did not sync) reads NULL.
    - A table the schema does not hold (an object not synced or not
      exported) reads as no rows, with a warning naming it.
    - A table that has the column named by the table's meta
      other_shape_marker and lacks a required column is another object of a
      similar name (Fivetran History Mode versions of Opportunity under
      opportunity_history): it is not read (no rows), with a warning.
    - A table that lacks a required column otherwise is an error naming them.
    The table's existence and columns are looked up when the model runs. In
    a dbt unit test the source is the test's given rows, read as they are. -#}
{% macro source_table(source_name, table_name) -%}
    {%- set relation = source(source_name, table_name) -%}
    {%- if model.resource_type == 'unit_test' -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- set declared = [] -%}
    {%- set found = none -%}
    {#- The table's columns, lower-cased, to their names as it spells them. -#}
    {%- set actual_names = {} -%}
    {%- if execute -%}
        {%- set node = graph.sources['source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name] -%}
        {%- for column in node.columns.values() -%}
            {%- do declared.append((column.name, column.meta.get('optional', false))) -%}
        {%- endfor -%}
        {%- set found = adapter.get_relation(
            database=relation.database, schema=relation.schema, identifier=relation.identifier) -%}
        {%- if found is none -%}
            {%- do exceptions.warn(
                source_name ~ ": there is no table " ~ relation.schema ~ "." ~ relation.identifier
                ~ "; read as no rows") -%}
        {%- else -%}
            {%- for column in adapter.get_columns_in_relation(found) -%}
                {%- do actual_names.update({column.name | lower: column.name}) -%}
            {%- endfor -%}
            {%- set missing = declared | rejectattr(1) | map(attribute=0) | reject('in', actual_names) | list -%}
            {%- set marker = node.meta.get('other_shape_marker') -%}
            {%- if missing and marker and marker in actual_names -%}
                {%- do exceptions.warn(
                    source_name ~ ": " ~ found ~ " has " ~ marker ~ " and no " ~ missing | join(', ')
                    ~ ": it holds " ~ node.meta.get('other_shape') ~ "; not read (no rows)") -%}
                {%- set found = none -%}
                {%- set actual_names = {} -%}
            {%- elif missing -%}
                {{ exceptions.raise_compiler_error(
                    source_name ~ ": " ~ found ~ " lacks the required columns " ~ missing | join(', ')
                    ~ " (see models/staging/" ~ source_name ~ "/_" ~ source_name ~ "__sources.yml)") }}
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
    (
        select
        {%- for name, optional in declared %}
            {% if name in actual_names -%}
                {{ adapter.quote(actual_names[name]) }}
            {%- else -%}
                cast(null as {{ dbt.type_string() }})
            {%- endif %} as {{ adapter.quote(name) }}{% if not loop.last %},{% endif %}
        {%- else %}
            cast(null as {{ dbt.type_string() }}) as placeholder
        {%- endfor %}
        {% if found is not none -%}
            from {{ found }}
        {%- else -%}
            from (select 1 as one) as no_table
            where 1 = 0
        {%- endif %}
    )
{%- endmacro %}
