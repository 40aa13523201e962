with

rep_months as (
    select * from {{ ref('int_rep_months') }}
),

forecasts as (
    select * from {{ ref('stg_crm__forecasts') }}
),

months as (
    select * from {{ ref('dim_months') }}
),

{# Every submission for a reported month made by the end of the as_of day,
    on time or late. #}
submissions as (
    select
        forecasts.month,
        forecasts.rep_id,
        forecasts.forecast_amount,
        forecasts.submitted_at,
        months.month_start_at
    from forecasts
    inner join months
        on forecasts.month = months.month
    where forecasts.submitted_at < {{ as_of_end() }}
),

{# The forecast of record: the rep's last submission for the month made
    strictly before the month's first instant. #}
submissions_before_month as (
    select
        month,
        rep_id,
        forecast_amount,
        submitted_at,
        row_number() over (
            partition by month, rep_id
            order by submitted_at desc
        ) as submission_number
    from submissions
    where submitted_at < month_start_at
),

forecasts_of_record as (
    select
        month,
        rep_id,
        forecast_amount,
        submitted_at
    from submissions_before_month
    where submission_number = 1
),

{# The row set: any submission, or a quota, pipeline due or a win (the rows
    of kpi_pipeline_coverage). #}
forecast_rep_months as (
    select
        month,
        rep_id
    from submissions

    union

    select
        month,
        rep_id
    from rep_months
    where
        has_quota
        or open_pipeline_count > 0
        or won_count > 0
),

joined as (
    select
        forecast_rep_months.month,
        forecast_rep_months.rep_id,
        forecasts_of_record.submitted_at as forecast_submitted_at,
        forecasts_of_record.forecast_amount,
        coalesce(rep_months.weighted_pipeline_amount, 0) as weighted_forecast_amount,
        coalesce(rep_months.won_amount, 0) as actual_amount
    from forecast_rep_months
    left join forecasts_of_record
        on
            forecast_rep_months.month = forecasts_of_record.month
            and forecast_rep_months.rep_id = forecasts_of_record.rep_id
    left join rep_months
        on
            forecast_rep_months.month = rep_months.month
            and forecast_rep_months.rep_id = rep_months.rep_id
)

select
    month,
    rep_id,
    forecast_submitted_at,
    cast(forecast_amount as decimal(18, 2)) as forecast_amount,
    cast(weighted_forecast_amount as decimal(18, 2)) as weighted_forecast_amount,
    cast(actual_amount as decimal(18, 2)) as actual_amount,
    cast(forecast_amount - actual_amount as decimal(18, 2)) as forecast_error_amount,
    cast(abs(forecast_amount - actual_amount) as decimal(18, 2)) as absolute_forecast_error_amount,
    cast(abs(weighted_forecast_amount - actual_amount) as decimal(18, 2)) as absolute_weighted_forecast_error_amount,
    cast(
        1 - {{ safe_divide('abs(forecast_amount - actual_amount)', 'actual_amount', 'decimal(18, 6)') }}
        as decimal(18, 6)
    ) as forecast_accuracy,
    cast(
        1 - {{ safe_divide('abs(weighted_forecast_amount - actual_amount)', 'actual_amount', 'decimal(18, 6)') }}
        as decimal(18, 6)
    ) as weighted_forecast_accuracy,
    {{ safe_divide('forecast_amount - actual_amount', 'actual_amount', 'decimal(18, 6)') }} as forecast_bias
from joined
