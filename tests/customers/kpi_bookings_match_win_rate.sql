{# Bookings per month sum to kpi_win_rate's won deals and won_amount per
    month (same closed-deal filter). Returns the months where they differ. #}
with

bookings as (
    select * from {{ ref('kpi_bookings') }}
),

win_rate as (
    select * from {{ ref('kpi_win_rate') }}
),

bookings_by_month as (
    select
        month,
        sum(won_count) as won_count,
        sum(won_amount) as won_amount
    from bookings
    group by month
),

win_rate_by_month as (
    select
        month,
        sum(won_count) as won_count,
        sum(won_amount) as won_amount
    from win_rate
    group by month
),

mismatches as (
    select
        win_rate_by_month.month,
        win_rate_by_month.won_count as win_rate_won_count,
        bookings_by_month.won_count as bookings_won_count,
        win_rate_by_month.won_amount as win_rate_won_amount,
        bookings_by_month.won_amount as bookings_won_amount
    from win_rate_by_month
    full outer join bookings_by_month
        on win_rate_by_month.month = bookings_by_month.month
    where
        coalesce(win_rate_by_month.won_count, 0) <> coalesce(bookings_by_month.won_count, 0)
        or coalesce(win_rate_by_month.won_amount, 0) <> coalesce(bookings_by_month.won_amount, 0)
)

select * from mismatches
