-- kpi_rep_performance's won_amount (and won and closed counts) equal
-- kpi_win_rate's summed per rep and month; a rep-month with closed deals in
-- one view and not in the other fails too.
with

rep_performance as (
    select * from {{ ref('kpi_rep_performance') }}
),

win_rate as (
    select * from {{ ref('kpi_win_rate') }}
),

win_rate_by_rep as (
    select
        month,
        rep_id,
        sum(won_count) as won_count,
        sum(won_amount) as won_amount,
        sum(closed_count) as closed_count
    from win_rate
    group by
        month,
        rep_id
),

compared as (
    select
        coalesce(rep_performance.month, win_rate_by_rep.month) as month,
        coalesce(rep_performance.rep_id, win_rate_by_rep.rep_id) as rep_id,
        rep_performance.won_amount,
        win_rate_by_rep.won_amount as win_rate_won_amount,
        rep_performance.won_count,
        win_rate_by_rep.won_count as win_rate_won_count,
        rep_performance.closed_count,
        win_rate_by_rep.closed_count as win_rate_closed_count
    from rep_performance
    full outer join win_rate_by_rep
        on
            rep_performance.month = win_rate_by_rep.month
            and rep_performance.rep_id = win_rate_by_rep.rep_id
)

select *
from compared
where
    rep_id is null
    or coalesce(won_amount, 0) <> coalesce(win_rate_won_amount, 0)
    or coalesce(won_count, 0) <> coalesce(win_rate_won_count, 0)
    or coalesce(closed_count, 0) <> coalesce(win_rate_closed_count, 0)
    or (won_amount is null and win_rate_closed_count > 0)
