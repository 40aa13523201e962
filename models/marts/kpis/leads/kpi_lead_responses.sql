with

activities as (
    select * from {{ ref('fct_activities') }}
),

{# Every activity logged by the end of the as_of day, whatever it is logged
    on (a lead, a deal or an account only): the catalogue sets no filter. #}
activities_by_as_of as (
    select *
    from activities
    where occurred_at < {{ as_of_end() }}
),

by_month_and_rep as (
    select
        activity_month as month,
        rep_id,
        sum(case when outcome = 'positive' then 1 else 0 end) as positive_responses,
        sum(case when outcome = 'negative' then 1 else 0 end) as negative_responses,
        sum(case when outcome = 'neutral' then 1 else 0 end) as neutral_responses,
        sum(case when outcome = 'no_response' then 1 else 0 end) as no_responses,
        sum(
            case when outcome in ('positive', 'negative', 'neutral', 'no_response') then 0 else 1 end
        ) as unknown_outcomes
    from activities_by_as_of
    group by
        activity_month,
        rep_id
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
from by_month_and_rep
