-- What do top sellers do differently? For each of the last four quarters up
-- to as_of, the top fifth of reps by won amount against the rest: won amount,
-- win rate, activity mix and speed to lead per rep, and the top group's
-- multiple of the rest for each (top / rest; above 1 = top sellers do more).
-- Run: dbt compile --select leads_what_top_sellers_do_differently, then the
-- SQL in target/compiled/.../analyses/leads_what_top_sellers_do_differently.sql
-- with DuckDB.
with

profile as (
    select * from {{ ref('kpi_top_performer_profile') }}
),

last_four_quarters as (
    select *
    from profile
    where quarter > {{ dbt.dateadd('month', -12, as_of_date()) }}
),

top_sellers as (
    select *
    from last_four_quarters
    where performer_group = 'top_20pct'
),

other_sellers as (
    select *
    from last_four_quarters
    where performer_group = 'rest'
)

select
    top_sellers.quarter,
    top_sellers.reps as top_reps,
    other_sellers.reps as other_reps,
    top_sellers.avg_won_amount as top_avg_won_amount,
    other_sellers.avg_won_amount as other_avg_won_amount,
    top_sellers.avg_win_rate as top_avg_win_rate,
    other_sellers.avg_win_rate as other_avg_win_rate,
    {{ safe_divide('top_sellers.avg_calls', 'other_sellers.avg_calls', 'decimal(18, 2)') }} as calls_multiple,
    {{ safe_divide('top_sellers.avg_emails', 'other_sellers.avg_emails', 'decimal(18, 2)') }} as emails_multiple,
    {{ safe_divide('top_sellers.avg_meetings', 'other_sellers.avg_meetings', 'decimal(18, 2)') }}
        as meetings_multiple,
    {{ safe_divide('top_sellers.avg_demos', 'other_sellers.avg_demos', 'decimal(18, 2)') }} as demos_multiple,
    top_sellers.avg_response_hours as top_avg_response_hours,
    other_sellers.avg_response_hours as other_avg_response_hours
from top_sellers
left join other_sellers
    on top_sellers.quarter = other_sellers.quarter
order by top_sellers.quarter
