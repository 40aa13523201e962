{# Each velocity part is the month's figure of the view it comes from: won
    and closed deals and won amount as in kpi_win_rate, closed deals and
    cycle days as in kpi_sales_cycle rolled up over the month, won and lost
    (within the rounding of its rows to 6 decimals). #}
with

velocity as (
    select * from {{ ref('kpi_pipeline_velocity') }}
),

win_rate as (
    select * from {{ ref('kpi_win_rate') }}
),

sales_cycle as (
    select * from {{ ref('kpi_sales_cycle') }}
),

win_rate_months as (
    select
        month,
        sum(won_count) as won_count,
        sum(closed_count) as closed_count,
        sum(won_amount) as won_amount
    from win_rate
    group by month
),

cycle_months as (
    select
        month,
        count(*) as row_count,
        sum(deal_count) as deal_count,
        sum(total_cycle_days) as total_cycle_days
    from sales_cycle
    group by month
)

select velocity.month
from velocity
left join win_rate_months
    on velocity.month = win_rate_months.month
left join cycle_months
    on velocity.month = cycle_months.month
where
    velocity.closed_count <> coalesce(win_rate_months.closed_count, 0)
    or velocity.won_count <> coalesce(win_rate_months.won_count, 0)
    or velocity.won_amount <> coalesce(win_rate_months.won_amount, 0)
    or velocity.closed_count <> coalesce(cycle_months.deal_count, 0)
    or abs(velocity.total_cycle_days - coalesce(cycle_months.total_cycle_days, 0))
    > 0.000001 * (coalesce(cycle_months.row_count, 0) + 1)
