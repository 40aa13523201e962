{# The 'all' row of each month sums the motions' parts: no motion is
    counted twice or left out of the total. #}
with

formula as (
    select * from {{ ref('kpi_sales_formula') }}
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
)

select coalesce(all_rows.month, motion_sums.month) as month
from all_rows
full outer join motion_sums
    on all_rows.month = motion_sums.month
where
    all_rows.month is null
    or motion_sums.month is null
    or all_rows.top_of_funnel <> motion_sums.top_of_funnel
    or all_rows.meetings <> motion_sums.meetings
    or all_rows.won_count <> motion_sums.won_count
    or all_rows.won_amount <> motion_sums.won_amount
