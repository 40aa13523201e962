{# NPS survey answers with the account's segment and the answer's class,
    defined once: promoter 9-10, passive 7-8, detractor 0-6. #}
with

responses as (
    select * from {{ ref('stg_crm__nps_responses') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
)

select
    responses.response_id,
    responses.account_id,
    responses.opportunity_id,
    coalesce(accounts.segment, 'unknown') as segment,
    responses.responded_at,
    cast({{ dbt.date_trunc('month', 'responses.responded_at') }} as date) as response_month,
    responses.responded_at < {{ as_of_end() }} as is_responded_by_as_of,
    responses.score,
    responses.score >= 9 as is_promoter,
    responses.score in (7, 8) as is_passive,
    responses.score <= 6 as is_detractor
from responses
left join accounts
    on responses.account_id = accounts.account_id
