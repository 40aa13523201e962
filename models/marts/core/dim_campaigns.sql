{# Campaigns with their budget and whether they had started by now (the
    as_of date): the campaign side of cost per lead. #}
with

campaigns as (
    select * from {{ ref('stg_crm__campaigns') }}
)

select
    campaign_id,
    coalesce(campaign_name, 'unknown') as campaign_name,
    channel,
    start_date,
    end_date,
    start_date <= {{ as_of_date() }} as is_started_by_as_of,
    budget_amount
from campaigns
