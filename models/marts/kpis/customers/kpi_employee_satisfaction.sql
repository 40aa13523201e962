with

surveys as (
    select * from {{ ref('stg_crm__employee_surveys') }}
),

reps as (
    select * from {{ ref('dim_reps') }}
),

scored_surveys as (
    select
        cast({{ dbt.date_trunc('quarter', 'surveys.surveyed_at') }} as date) as quarter,
        coalesce(reps.team, 'unknown') as team,
        surveys.score,
        case when surveys.score >= 4 then 1 else 0 end as is_satisfied
    from surveys
    left join reps
        on surveys.rep_id = reps.rep_id
    where surveys.surveyed_at < {{ as_of_end() }}
),

satisfaction as (
    select
        quarter,
        team,
        count(*) as responses,
        sum(score) as total_score,
        sum(is_satisfied) as satisfied_responses
    from scored_surveys
    group by
        quarter,
        team
)

select
    quarter,
    team,
    cast(responses as {{ dbt.type_bigint() }}) as responses,
    cast(total_score as {{ dbt.type_bigint() }}) as total_score,
    {{ safe_divide('total_score', 'responses', 'decimal(18, 6)') }} as avg_score,
    cast(satisfied_responses as {{ dbt.type_bigint() }}) as satisfied_responses,
    {{ safe_divide('satisfied_responses', 'responses') }} as pct_satisfied
from satisfaction
