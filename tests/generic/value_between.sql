{#- Every non-NULL value of the column lies within [min_value, max_value]
    (either bound may be omitted). Rates 0-1, non-negative amounts, scores. -#}
{% test value_between(model, column_name, min_value=none, max_value=none) %}
select {{ column_name }}
from {{ model }}
where
    {% if min_value is not none %}{{ column_name }} < {{ min_value }}{% else %}1 = 0{% endif %}
    {% if max_value is not none %}or {{ column_name }} > {{ max_value }}{% endif %}
{% endtest %}
