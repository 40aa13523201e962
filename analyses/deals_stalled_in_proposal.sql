-- Which deals are stalled in proposal right now, and whose are they?
-- Open deals sitting in proposal for more than twice the stage's historical
-- average, biggest first, with the rep, team, account and expected close.
-- Run: dbt compile --select deals_stalled_in_proposal, then the SQL in
-- target/compiled/.../analyses/deals_stalled_in_proposal.sql with DuckDB.
with

stalled_deals as (
    select * from {{ ref('kpi_stalled_deals') }}
),

deals as (
    select * from {{ ref('fct_opportunities') }}
),

reps as (
    select * from {{ ref('dim_reps') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
)

select
    stalled_deals.opportunity_id,
    reps.team,
    accounts.account_name,
    deals.product_line,
    stalled_deals.amount,
    stalled_deals.stage_entered_at,
    stalled_deals.days_in_stage,
    stalled_deals.stage_avg_days,
    deals.expected_close_date
from stalled_deals
inner join deals
    on stalled_deals.opportunity_id = deals.opportunity_id
left join reps
    on stalled_deals.rep_id = reps.rep_id
left join accounts
    on deals.account_id = accounts.account_id
where
    stalled_deals.stage = 'proposal'
    and stalled_deals.is_stalled
order by
    stalled_deals.amount desc,
    stalled_deals.days_in_stage desc
