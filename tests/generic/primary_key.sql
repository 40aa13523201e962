{#- The model's grain: the listed columns are never NULL and no combination
    of them appears twice. The primary key test of every model. -#}
{% test primary_key(model, columns) %}
with

duplicated_keys as (
    select
        {{ columns | join(', ') }},
        count(*) as row_count
    from {{ model }}
    group by {{ columns | join(', ') }}
    having count(*) > 1
),

null_keys as (
    select
        {{ columns | join(', ') }},
        1 as row_count
    from {{ model }}
    where {% for column in columns %}{{ column }} is null{% if not loop.last %} or {% endif %}{% endfor %}
)

select * from duplicated_keys
union all
select * from null_keys
{% endtest %}
