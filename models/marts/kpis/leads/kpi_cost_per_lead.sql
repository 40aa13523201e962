{# A won deal counts once per campaign even when two of its leads name it. #}
with

campaigns as (
    select * from {{ ref('dim_campaigns') }}
),

leads as (
    select * from {{ ref('fct_leads') }}
),

deals as (
    select * from {{ ref('fct_opportunities') }}
),

campaigns_by_as_of as (
    select *
    from campaigns
    where is_started_by_as_of
),

campaign_leads as (
    select
        campaign_id,
        count(*) as leads
    from leads
    where
        campaign_id is not null
        and is_created_by_as_of
    group by campaign_id
),

campaign_won_deals as (
    select distinct
        campaign_id,
        opportunity_id
    from leads
    where
        campaign_id is not null
        and is_created_by_as_of
        and is_won_by_as_of
),

campaign_wins as (
    select
        campaign_won_deals.campaign_id,
        count(*) as won_deals,
        sum(deals.amount) as won_amount
    from campaign_won_deals
    inner join deals
        on campaign_won_deals.opportunity_id = deals.opportunity_id
    group by campaign_won_deals.campaign_id
),

campaign_results as (
    select
        campaigns_by_as_of.campaign_id,
        campaigns_by_as_of.campaign_name,
        campaigns_by_as_of.channel,
        campaigns_by_as_of.budget_amount,
        coalesce(campaign_leads.leads, 0) as leads,
        coalesce(campaign_wins.won_deals, 0) as won_deals,
        coalesce(campaign_wins.won_amount, 0) as won_amount
    from campaigns_by_as_of
    left join campaign_leads
        on campaigns_by_as_of.campaign_id = campaign_leads.campaign_id
    left join campaign_wins
        on campaigns_by_as_of.campaign_id = campaign_wins.campaign_id
)

select
    campaign_id,
    campaign_name,
    channel,
    cast(budget_amount as decimal(18, 2)) as budget_amount,
    cast(leads as {{ dbt.type_bigint() }}) as leads,
    {{ safe_divide('budget_amount', 'leads', 'decimal(18, 2)') }} as cost_per_lead,
    cast(won_deals as {{ dbt.type_bigint() }}) as won_deals,
    cast(won_amount as decimal(18, 2)) as won_amount,
    {{ safe_divide('won_amount', 'budget_amount', 'decimal(18, 6)') }} as return_on_spend
from campaign_results
