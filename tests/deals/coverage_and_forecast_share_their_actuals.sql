{# Coverage and forecast accuracy read the same wins: per month and rep the
    won amount agrees, and per month it is the won amount of kpi_win_rate.
    Every coverage row (quota, pipeline due or win) is a forecast row too. #}
with

coverage as (
    select * from {{ ref('kpi_pipeline_coverage') }}
),

forecast as (
    select * from {{ ref('kpi_forecast_accuracy') }}
),

win_rate as (
    select * from {{ ref('kpi_win_rate') }}
),

coverage_months as (
    select
        month,
        sum(won_amount) as won_amount
    from coverage
    group by month
),

win_rate_months as (
    select
        month,
        sum(won_amount) as won_amount
    from win_rate
    where won_count > 0
    group by month
),

rep_mismatches as (
    select coverage.month
    from coverage
    left join forecast
        on
            coverage.month = forecast.month
            and coverage.rep_id = forecast.rep_id
    where
        forecast.rep_id is null
        or coverage.won_amount <> forecast.actual_amount
),

month_mismatches as (
    select coalesce(coverage_months.month, win_rate_months.month) as month
    from coverage_months
    full outer join win_rate_months
        on coverage_months.month = win_rate_months.month
    where coalesce(coverage_months.won_amount, 0) <> coalesce(win_rate_months.won_amount, 0)
)

select month from rep_mismatches
union all
select month from month_mismatches
