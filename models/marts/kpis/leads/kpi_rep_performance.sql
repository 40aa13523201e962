with

rep_months as (
    select * from {{ ref('int_rep_months') }}
),

reps as (
    select * from {{ ref('dim_reps') }}
),

{# Rep-months with any activity, closed deal or quota. #}
rep_months_with_team as (
    select
        rep_months.*,
        coalesce(reps.team, 'unknown') as team
    from rep_months
    left join reps
        on rep_months.rep_id = reps.rep_id
    where
        rep_months.total_activities > 0
        or rep_months.closed_count > 0
        or rep_months.has_quota
),

ranked as (
    select
        *,
        rank() over (partition by month, team order by won_amount desc) as rank_in_team
    from rep_months_with_team
)

select
    month,
    rep_id,
    team,
    cast(won_count as {{ dbt.type_bigint() }}) as won_count,
    cast(won_amount as decimal(18, 2)) as won_amount,
    cast(closed_count as {{ dbt.type_bigint() }}) as closed_count,
    {{ safe_divide('won_count', 'closed_count') }} as win_rate,
    cast(quota_amount as decimal(18, 2)) as quota_amount,
    {{ safe_divide('won_amount', 'quota_amount', 'decimal(18, 6)') }} as quota_attainment,
    cast(total_activities as {{ dbt.type_bigint() }}) as total_activities,
    {{ safe_divide('total_activities', 'won_count', 'decimal(18, 6)') }} as activities_per_won_deal,
    cast(rank_in_team as {{ dbt.type_bigint() }}) as rank_in_team
from ranked
