-- Which lead sources close best? Win rate by count and by value per lead
-- source over the last twelve closed months, parts summed before dividing.
-- Run: dbt compile --select win_rate_by_lead_source, then the SQL in
-- target/compiled/.../analyses/win_rate_by_lead_source.sql with DuckDB.
with

win_rate as (
    select * from {{ ref('kpi_win_rate') }}
),

last_twelve_months as (
    select *
    from win_rate
    where month > {{ dbt.dateadd('month', -12, as_of_date()) }}
)

select
    lead_source,
    sum(won_count) as won_count,
    sum(closed_count) as closed_count,
    sum(won_amount) as won_amount,
    {{ safe_divide('sum(won_count)', 'sum(closed_count)') }} as win_rate,
    {{ safe_divide('sum(won_amount)', 'sum(closed_amount)') }} as win_rate_amount
from last_twelve_months
group by lead_source
order by win_rate desc
