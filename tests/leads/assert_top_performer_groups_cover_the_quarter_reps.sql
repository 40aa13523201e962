-- Every quarter's top_20pct group has exactly ceil(0.2 x reps) reps, where
-- reps = reps with a closed deal or an activity in the quarter according to
-- kpi_rep_performance; the two groups together hold all of them.
with

profile as (
    select * from {{ ref('kpi_top_performer_profile') }}
),

rep_performance as (
    select * from {{ ref('kpi_rep_performance') }}
),

months as (
    select * from {{ ref('dim_months') }}
),

quarter_reps as (
    select
        months.quarter,
        count(distinct rep_performance.rep_id) as reps
    from rep_performance
    inner join months
        on rep_performance.month = months.month
    where rep_performance.closed_count > 0 or rep_performance.total_activities > 0
    group by months.quarter
),

profile_reps as (
    select
        quarter,
        sum(reps) as reps,
        sum(case when performer_group = 'top_20pct' then reps else 0 end) as top_reps
    from profile
    group by quarter
)

select
    quarter_reps.quarter,
    quarter_reps.reps,
    profile_reps.reps as profile_reps,
    profile_reps.top_reps
from quarter_reps
full outer join profile_reps
    on quarter_reps.quarter = profile_reps.quarter
where
    quarter_reps.reps is null
    or profile_reps.reps is null
    or quarter_reps.reps <> profile_reps.reps
    or profile_reps.top_reps <> ceil(0.2 * quarter_reps.reps)
