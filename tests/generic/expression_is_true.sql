{#- Every row satisfies the boolean SQL expression (an invariant such as
    won_count + lost_count = closed_count). -#}
{% test expression_is_true(model, expression) %}
select *
from {{ model }}
where not ({{ expression }})
{% endtest %}
