{# The 'all' row of each month sums the motions' parts, and its wins are
    every deal won that month (kpi_win_rate), so no win is lost to a motion. #}
with

formula as (
    select * from {{ ref('kpi_sales_formula') }}
),

win_rate as (
    select * from {{ ref('kpi_win_rate') }}
),

motion_sums as (
    select
        month,
        sum(top_of_funnel) as top_of_funnel,
        sum(meetings) as meetings,
        sum(won_count) as won_count,
        sum(won_amount) as won_amount
    from formula
    where motion <> 'all'
    group by month
),

all_rows as (
    select *
    from formula
    where motion = 'all'
),

wins as (
    select
        month,
        sum(won_count) as won_count,
        sum(won_amount) as won_amount
    from win_rate
    where won_count > 0
    group by month
)

select coalesce(all_rows.month, motion_sums.month, wins.month) as month
from all_rows
full outer join motion_sums
    on all_rows.month = motion_sums.month
full outer join wins
    on coalesce(all_rows.month, motion_sums.month) = wins.month
where
    all_rows.month is null
    or motion_sums.month is null
    or all_rows.top_of_funnel <> motion_sums.top_of_funnel
    or all_rows.meetings <> motion_sums.meetings
    or all_rows.won_count <> motion_sums.won_count
    or all_rows.won_amount <> motion_sums.won_amount
    or all_rows.won_count <> coalesce(wins.won_count, 0)
    or all_rows.won_amount <> coalesce(wins.won_amount, 0)
