{#- Every row satisfies the model's row rules, checked in one scan of the
    model (one test per model instead of one per rule: dbt spends about as
    long on a test node as DuckDB on a small table's scan). A failing row
    names the rules it breaks in broken_rules. A NULL passes every rule but
    not_null, as with a test of its own per rule.
    not_null: columns never NULL.
    between: {column: {min_value:, max_value:}} (either bound may be omitted).
    accepted_values: {column: [values]} (text values).
    expressions: boolean SQL invariants such as won_count + lost_count = closed_count. -#}
{% test row_rules(model, not_null=[], between={}, accepted_values={}, expressions=[]) %}
{%- set rules = [] -%}
{%- for column in not_null -%}
    {%- do rules.append((column ~ ' is null', column ~ ' is null')) -%}
{%- endfor -%}
{%- for column, bounds in between.items() -%}
    {%- if bounds.get('min_value') is not none -%}
        {%- set rule = column ~ ' < ' ~ bounds.min_value -%}
        {%- do rules.append((rule, rule)) -%}
    {%- endif -%}
    {%- if bounds.get('max_value') is not none -%}
        {%- set rule = column ~ ' > ' ~ bounds.max_value -%}
        {%- do rules.append((rule, rule)) -%}
    {%- endif -%}
{%- endfor -%}
{%- for column, values in accepted_values.items() -%}
    {%- do rules.append((column ~ " not in ('" ~ values | join("', '") ~ "')", column ~ ' not accepted')) -%}
{%- endfor -%}
{%- for expression in expressions -%}
    {%- do rules.append(('not (' ~ expression ~ ')', 'not (' ~ expression | replace("'", "") ~ ')')) -%}
{%- endfor %}
select
    concat_ws(
        ', ',
        {% for condition, label in rules -%}
            case when {{ condition }} then '{{ label }}' end{% if not loop.last %},{% endif %}
        {% endfor -%}
    ) as broken_rules
from {{ model }}
where
    {% for condition, label in rules -%}
        ({{ condition }}){% if not loop.last %} or {% endif %}
    {%- endfor %}
{% endtest %}
