{#- A model's data rules, all in one test: one node per model instead of one
    per rule (dbt spends about as long on a test node as DuckDB on a small
    table's scan). Each failing row names what it breaks in broken_rules.
    primary_key: the grain's columns, never NULL (no need to list them in
        not_null too), no combination twice.
    unique: columns (or lists of columns) no two rows share, NULLs aside.
    row_count_equals: a relation the model has as many rows as (fan-out guard).
    not_null: columns never NULL.
    between: {column: {min_value:, max_value:}} (either bound may be omitted).
    accepted_values: {column: [values]} (text values).
    expressions: boolean SQL invariants such as won_count + lost_count = closed_count.
    A NULL passes every row rule but not_null, as with a test of its own per rule. -#}
{% test rules(model, primary_key=[], unique=[], row_count_equals=none, not_null=[], between={},
              accepted_values={}, expressions=[]) %}
{%- set rules = [] -%}
{%- for column in primary_key + not_null -%}
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
{%- endfor -%}
{#- (label, columns); a unique key leaves out the rows with a NULL in it -#}
{%- set keys = [('primary key', primary_key)] if primary_key else [] -%}
{%- for key in unique -%}
    {%- do keys.append(('unique', [key] if key is string else key)) -%}
{%- endfor -%}
{%- set checks = [] -%}
with
{% if rules -%}
broken_rows as (
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
),
{%- do checks.append('broken_rows') %}
{% endif -%}
{% for label, columns in keys -%}
duplicated_keys_{{ loop.index }} as (
    select
        concat_ws(
            ' ',
            '{{ label }} ({{ columns | join(", ") }}) duplicated:',
            {% for column in columns -%}
                cast({{ column }} as {{ dbt.type_string() }}),
            {% endfor -%}
            'in', cast(count(*) as {{ dbt.type_string() }}), 'rows'
        ) as broken_rules
    from {{ model }}
    {% if label == 'unique' -%}
        where {% for column in columns %}{{ column }} is not null{% if not loop.last %} and {% endif %}{% endfor %}
    {% endif -%}
    group by {{ columns | join(', ') }}
    having count(*) > 1
),
{%- do checks.append('duplicated_keys_' ~ loop.index) %}
{% endfor -%}
{% if row_count_equals is not none -%}
row_counts as (
    select
        (select count(*) from {{ model }}) as model_rows,
        (select count(*) from {{ row_count_equals }}) as compared_rows
),

wrong_row_count as (
    select
        concat_ws(
            ' ',
            'row count', cast(model_rows as {{ dbt.type_string() }}),
            'but', cast(compared_rows as {{ dbt.type_string() }}), 'in {{ row_count_equals.identifier }}'
        ) as broken_rules
    from row_counts
    where model_rows <> compared_rows
),
{%- do checks.append('wrong_row_count') %}
{% endif -%}
failures as (
    {% for check in checks -%}
        select broken_rules from {{ check }}
        {%- if not loop.last %}
        union all
        {% endif -%}
    {% endfor %}
)

select broken_rules from failures
{% endtest %}
