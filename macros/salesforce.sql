{#- Helpers of the Salesforce mapping (models/staging/salesforce/). -#}

{#- A Salesforce table as the base models read it: the table of the source
    salesforce (models/staging/salesforce/_salesforce__sources.yml) with
    exactly its declared columns, in declared order, as they arrive (text
    from an export, typed from Fivetran).
    - A column declared optional that the table lacks (a field the org does
      not have, such as currency_iso_code in a single-currency org) reads NULL.
    - A table the schema does not hold (an object not synced or not
      exported) reads as no rows.
    - A table that has the column named by the table's meta
      other_shape_marker and lacks a required column is another object of a
      similar name (Fivetran History Mode versions of Opportunity under
      opportunity_history): it is not read (no rows), with a warning.
    - A table that lacks a required column otherwise is an error naming them.
    The table's existence and columns are looked up when the model runs. -#}
{% macro salesforce_object(table_name) -%}
    {%- set relation = source('salesforce', table_name) -%}
    {%- set declared = [] -%}
    {%- set found = none -%}
    {%- set present = [] -%}
    {%- set actual_names = {} -%}
    {%- if execute -%}
        {%- set node = graph.sources['source.' ~ project_name ~ '.salesforce.' ~ table_name] -%}
        {%- for column in node.columns.values() -%}
            {%- do declared.append((column.name, column.meta.get('optional', false))) -%}
        {%- endfor -%}
        {%- set found = adapter.get_relation(
            database=relation.database, schema=relation.schema, identifier=relation.identifier) -%}
        {%- if found is not none -%}
            {%- for column in adapter.get_columns_in_relation(found) -%}
                {%- do present.append(column.name | lower) -%}
                {%- do actual_names.update({column.name | lower: column.name}) -%}
            {%- endfor -%}
            {%- set missing = declared | rejectattr(1) | map(attribute=0) | reject('in', present) | list -%}
            {%- set marker = node.meta.get('other_shape_marker') -%}
            {%- if missing and marker and marker in present -%}
                {%- do exceptions.warn(
                    "salesforce: " ~ found ~ " has " ~ marker ~ " and no " ~ missing | join(', ')
                    ~ ": it holds " ~ node.meta.get('other_shape') ~ "; not read (no rows)") -%}
                {%- set found = none -%}
                {%- set present = [] -%}
            {%- elif missing -%}
                {{ exceptions.raise_compiler_error(
                    "salesforce: " ~ found ~ " lacks the required columns " ~ missing | join(', ')
                    ~ " (see models/staging/salesforce/_salesforce__sources.yml)") }}
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
    (
        select
        {%- for name, optional in declared %}
            {% if name in present -%}
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

{#- A Salesforce checkbox (true/false, TRUE/FALSE, 1/0, typed or text) as a
    boolean; empty is false. -#}
{% macro salesforce_flag(column) -%}
    coalesce(lower({{ clean_text(column) }}) in ('true', '1'), false)
{%- endmacro %}

{#- True for a row the mapping excludes as not current: deleted in
    Salesforce (is_deleted, in the Recycle Bin or merged away), deleted as
    Fivetran saw it (_fivetran_deleted), or, with Fivetran History Mode, a
    version that is no longer active (_fivetran_active false). Every source
    table declares the three columns (NULL where it has none). -#}
{% macro salesforce_is_deleted() -%}
    (
        {{ salesforce_flag('is_deleted') }}
        or {{ salesforce_flag('_fivetran_deleted') }}
        or coalesce(lower({{ clean_text('_fivetran_active') }}) in ('false', '0'), false)
    )
{%- endmacro %}

{#- A Salesforce picklist value in the contract's vocabulary: the
    contract_value the seed salesforce_picklist_values gives for the field
    (e.g. 'opportunity.type') and the value (compared trimmed and
    lower-cased); NULL when the seed does not list it. -#}
{% macro salesforce_picklist(field, column) -%}
    (
        select picklist.contract_value
        from {{ ref('salesforce_picklist_values') }} as picklist
        where
            picklist.field = '{{ field }}'
            and lower(picklist.salesforce_value) = lower({{ clean_text(column) }})
    )
{%- endmacro %}

{#- An Id when it is a record of the object with this key prefix (the first
    three characters of every Salesforce Id: 006 Opportunity, 001 Account,
    00Q Lead, 005 User), else NULL: what_id, who_id and owner_id are
    polymorphic. -#}
{% macro salesforce_id_of(column, key_prefix) -%}
    case
        when {{ clean_text(column) }} like '{{ key_prefix }}%' then {{ clean_text(column) }}
    end
{%- endmacro %}
