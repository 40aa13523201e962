-- Every activity has one outcome column: per month and rep the five outcome
-- counts of kpi_lead_responses add up to total_activities of
-- kpi_sales_activities, and both views have the same rep-months.
with

responses as (
    select * from {{ ref('kpi_lead_responses') }}
),

activities as (
    select * from {{ ref('kpi_sales_activities') }}
)

select
    coalesce(responses.month, activities.month) as month,
    coalesce(responses.rep_id, activities.rep_id) as rep_id,
    responses.positive_responses
    + responses.negative_responses
    + responses.neutral_responses
    + responses.no_responses
    + responses.unknown_outcomes as outcomes,
    activities.total_activities
from responses
full outer join activities
    on
        responses.month = activities.month
        and responses.rep_id = activities.rep_id
where
    responses.month is null
    or activities.month is null
    or responses.positive_responses
    + responses.negative_responses
    + responses.neutral_responses
    + responses.no_responses
    + responses.unknown_outcomes
    <> activities.total_activities
