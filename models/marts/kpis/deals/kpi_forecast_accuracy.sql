with

rep_months as (
    select * from {{ ref('int_rep_month_pipeline') }}
),

forecasts as (
    select * from {{ ref('stg_crm__forecasts') }}
),

months as (
    select * from {{ ref('dim_months') }}
),

{# The forecast of record: the rep's last submission for the month made
    strictly before the month's first instant. #}
submissions_before_month as (
    select
        forecasts.month,
        forecasts.rep_id,
        forecasts.forecast_amount,
        forecasts.submitted_at,
        row_number() over (
            partition by forecasts.month, forecasts.rep_id
            order by forecasts.submitted_at desc
        ) as submission_number
    from forecasts
    inner join months
        on forecasts.month = months.month
    where forecasts.submitted_at < months.month_start_at
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

joined as (
    select
        coalesce(forecasts_of_record.month, rep_months.month) as month,
        coalesce(forecasts_of_record.rep_id, rep_months.rep_id) as rep_id,
        forecasts_of_record.submitted_at as forecast_submitted_at,
        forecasts_of_record.forecast_amount,
        coalesce(rep_months.weighted_pipeline_amount, 0) as weighted_forecast_amount,
        coalesce(rep_months.won_amount, 0) as actual_amount
    from forecasts_of_record
    full outer join rep_months
        on
            forecasts_of_record.month = rep_months.month
            and forecasts_of_record.rep_id = rep_months.rep_id
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
