{#- The column holds only the vocabulary the input contract declares for the
    column of the same name of raw table `table` (macros/crm_contract.sql),
    and 'unknown' when the contract reads an unrecognised label so. NULL
    passes. -#}
{% test contract_values(model, column_name, table) %}
    {%- set column = contract_columns(table) | selectattr('name', 'equalto', column_name) | first -%}
    {%- set values = column.accepted_values + (['unknown'] if column.default else []) -%}
    select {{ column_name }}
    from {{ model }}
    where {{ column_name }} not in ('{{ values | join("', '") }}')
{% endtest %}
