-- Which reps start the current month with too little pipeline?
-- Reps with a quota in the month of as_of whose pipeline due this month
-- covers less than 3x their quota, lowest coverage first, with what they
-- have won so far.
-- Run: dbt compile --select deals_coverage_gaps_this_month, then the SQL in
-- target/compiled/.../analyses/deals_coverage_gaps_this_month.sql with DuckDB.
with

coverage as (
    select * from {{ ref('kpi_pipeline_coverage') }}
),

reps as (
    select * from {{ ref('dim_reps') }}
)

select
    reps.team,
    coverage.rep_id,
    coverage.quota_amount,
    coverage.open_pipeline_count,
    coverage.open_pipeline_amount,
    coverage.coverage_ratio,
    coverage.won_amount,
    coverage.quota_attainment
from coverage
left join reps
    on coverage.rep_id = reps.rep_id
where
    coverage.month = cast({{ dbt.date_trunc('month', as_of_date()) }} as date)
    and coverage.quota_amount > 0
    and coverage.coverage_ratio < 3
order by coverage.coverage_ratio
