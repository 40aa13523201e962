{# Outcomes of every activity logged by the end of the as_of day, whatever it
    is logged on (a lead, a deal or an account only): the catalogue sets no
    filter. Counted per rep-month in int_rep_months. #}
with

rep_months as (
    select * from {{ ref('int_rep_months') }}
),

activity_months as (
    select *
    from rep_months
    where total_activities > 0
)

select
    month,
    rep_id,
    cast(positive_responses as {{ dbt.type_bigint() }}) as positive_responses,
    cast(negative_responses as {{ dbt.type_bigint() }}) as negative_responses,
    cast(neutral_responses as {{ dbt.type_bigint() }}) as neutral_responses,
    cast(no_responses as {{ dbt.type_bigint() }}) as no_responses,
    cast(unknown_outcomes as {{ dbt.type_bigint() }}) as unknown_outcomes,
    {{ safe_divide('positive_responses', 'positive_responses + negative_responses') }} as positive_rate
from activity_months
