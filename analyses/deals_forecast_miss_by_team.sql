-- How far did forecasts miss, per team, over the last four quarters?
-- Rep-months with a forecast of record only: total forecast against total
-- won, the sum of the reps' misses, accuracy on that sum (1 - misses /
-- actual), the team's bias, and how the weighted pipeline would have done.
-- Run: dbt compile --select deals_forecast_miss_by_team, then the SQL in
-- target/compiled/.../analyses/deals_forecast_miss_by_team.sql with DuckDB.
with

forecast_accuracy as (
    select * from {{ ref('kpi_forecast_accuracy') }}
),

reps as (
    select * from {{ ref('dim_reps') }}
),

forecast_months as (
    select
        reps.team,
        forecast_accuracy.*
    from forecast_accuracy
    left join reps
        on forecast_accuracy.rep_id = reps.rep_id
    where
        forecast_accuracy.forecast_amount is not null
        and forecast_accuracy.month
        >= {{ dbt.dateadd('month', -12, dbt.date_trunc('quarter', as_of_date())) }}
        and forecast_accuracy.month < {{ dbt.date_trunc('quarter', as_of_date()) }}
),

by_team as (
    select
        team,
        count(*) as rep_months,
        sum(forecast_amount) as forecast_amount,
        sum(weighted_forecast_amount) as weighted_forecast_amount,
        sum(actual_amount) as actual_amount,
        sum(absolute_forecast_error_amount) as absolute_error_amount,
        sum(absolute_weighted_forecast_error_amount) as absolute_weighted_error_amount
    from forecast_months
    group by team
)

select
    team,
    rep_months,
    forecast_amount,
    actual_amount,
    absolute_error_amount,
    1 - {{ safe_divide('absolute_error_amount', 'actual_amount', 'decimal(18, 6)') }} as forecast_accuracy,
    {{ safe_divide('forecast_amount - actual_amount', 'actual_amount', 'decimal(18, 6)') }} as forecast_bias,
    weighted_forecast_amount,
    1 - {{ safe_divide('absolute_weighted_error_amount', 'actual_amount', 'decimal(18, 6)') }}
        as weighted_forecast_accuracy
from by_team
order by forecast_accuracy
