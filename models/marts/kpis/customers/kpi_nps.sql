with

responses as (
    select * from {{ ref('stg_crm__nps_responses') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
),

scored_responses as (
    select
        cast({{ dbt.date_trunc('month', 'responses.responded_at') }} as date) as month,
        coalesce(accounts.segment, 'unknown') as segment,
        case when responses.score >= 9 then 1 else 0 end as is_promoter,
        case when responses.score in (7, 8) then 1 else 0 end as is_passive,
        case when responses.score <= 6 then 1 else 0 end as is_detractor
    from responses
    left join accounts
        on responses.account_id = accounts.account_id
    where responses.responded_at < {{ as_of_end() }}
),

nps as (
    select
        month,
        segment,
        count(*) as responses,
        sum(is_promoter) as promoters,
        sum(is_passive) as passives,
        sum(is_detractor) as detractors
    from scored_responses
    group by
        month,
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
