with

base as (
    select * from {{ ref('base_crm__forecasts') }}
)

select
    rep_id,
    month,
    submitted_at,
    forecast_in_currency,
    currency,
    fx_rate,
    forecast_amount
from base
where rejection_reason is null and not is_superseded
