{# Every month's stage shares add up to 1, within the rounding of each share
    to 6 decimals (half a millionth per stage). Amount shares only where the
    month's open amount is not 0 (they are NULL otherwise). #}
with

distribution as (
    select * from {{ ref('kpi_stage_distribution') }}
),

month_totals as (
    select
        month,
        count(*) as stage_count,
        sum(pct_of_open_count) as total_count_share,
        sum(pct_of_open_amount) as total_amount_share,
        sum(open_amount) as open_amount
    from distribution
    group by month
)

select *
from month_totals
where
    abs(total_count_share - 1) > stage_count * 0.0000005
    or (open_amount > 0 and abs(total_amount_share - 1) > stage_count * 0.0000005)
