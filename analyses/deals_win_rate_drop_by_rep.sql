-- Which reps' win rate fell quarter over quarter, and in which product line?
-- Compares the last two complete quarters before the as_of quarter: reps
-- whose overall win rate (by count) fell, with the product lines where it
-- fell, counts summed before dividing.
-- Run: dbt compile --select deals_win_rate_drop_by_rep, then the SQL in
-- target/compiled/.../analyses/deals_win_rate_drop_by_rep.sql with DuckDB.
with

win_rate as (
    select * from {{ ref('kpi_win_rate') }}
),

reps as (
    select * from {{ ref('dim_reps') }}
),

quarters as (
    select
        cast({{ dbt.dateadd('month', -6, dbt.date_trunc('quarter', as_of_date())) }} as date) as previous_quarter,
        cast({{ dbt.dateadd('month', -3, dbt.date_trunc('quarter', as_of_date())) }} as date) as last_quarter
),

closes as (
    select
        win_rate.rep_id,
        win_rate.product_line,
        win_rate.won_count,
        win_rate.closed_count,
        case
            when {{ dbt.date_trunc('quarter', 'win_rate.month') }} = quarters.last_quarter then 'last'
            else 'previous'
        end as period
    from win_rate
    cross join quarters
    where
        win_rate.month >= quarters.previous_quarter
        and win_rate.month < {{ dbt.dateadd('month', 3, 'quarters.last_quarter') }}
),

by_rep_and_line as (
    select
        rep_id,
        product_line,
        sum(case when period = 'previous' then won_count else 0 end) as previous_won,
        sum(case when period = 'previous' then closed_count else 0 end) as previous_closed,
        sum(case when period = 'last' then won_count else 0 end) as last_won,
        sum(case when period = 'last' then closed_count else 0 end) as last_closed
    from closes
    group by
        rep_id,
        product_line
),

by_rep as (
    select
        rep_id,
        {{ safe_divide('sum(previous_won)', 'sum(previous_closed)') }} as rep_previous_win_rate,
        {{ safe_divide('sum(last_won)', 'sum(last_closed)') }} as rep_last_win_rate
    from by_rep_and_line
    group by rep_id
),

line_changes as (
    select
        *,
        {{ safe_divide('previous_won', 'previous_closed') }} as previous_win_rate,
        {{ safe_divide('last_won', 'last_closed') }} as last_win_rate
    from by_rep_and_line
)

select
    reps.team,
    line_changes.rep_id,
    by_rep.rep_previous_win_rate,
    by_rep.rep_last_win_rate,
    line_changes.product_line,
    line_changes.previous_won,
    line_changes.previous_closed,
    line_changes.previous_win_rate,
    line_changes.last_won,
    line_changes.last_closed,
    line_changes.last_win_rate
from line_changes
inner join by_rep
    on line_changes.rep_id = by_rep.rep_id
left join reps
    on line_changes.rep_id = reps.rep_id
where
    by_rep.rep_last_win_rate < by_rep.rep_previous_win_rate
    and line_changes.last_win_rate < line_changes.previous_win_rate
order by
    by_rep.rep_last_win_rate - by_rep.rep_previous_win_rate,
    line_changes.rep_id,
    line_changes.last_win_rate - line_changes.previous_win_rate
