with

responses as (
    select * from {{ ref('fct_nps_responses') }}
),

nps as (
    select
        response_month as month,
        segment,
        count(*) as responses,
        sum(case when is_promoter then 1 else 0 end) as promoters,
        sum(case when is_passive then 1 else 0 end) as passives,
        sum(case when is_detractor then 1 else 0 end) as detractors
    from responses
    where is_responded_by_as_of
    group by
        response_month,
        segment
)

select
    month,
    segment,
    cast(responses as {{ dbt.type_bigint() }}) as responses,
    cast(promoters as {{ dbt.type_bigint() }}) as promoters,
    cast(passives as {{ dbt.type_bigint() }}) as passives,
    cast(detractors as {{ dbt.type_bigint() }}) as detractors,
    {{ safe_divide('100 * (promoters - detractors)', 'responses', 'decimal(18, 6)') }} as nps
from nps
