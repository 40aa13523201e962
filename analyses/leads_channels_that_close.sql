-- Which channels bring leads that close, and at what campaign cost per won
-- deal? Lead cohorts created in the twelve months up to six months before
-- as_of (younger cohorts are still converting), per source channel: leads,
-- lead-to-opportunity and lead-to-customer rates (parts summed before
-- dividing); joined with the channel's campaigns over the same months:
-- budget, campaign leads, won deals, cost per lead and cost per won deal.
-- Campaign budgets cover campaign leads only (always-on spend is in costs).
-- Run: dbt compile --select leads_channels_that_close, then the SQL in
-- target/compiled/.../analyses/leads_channels_that_close.sql with DuckDB.
with

conversion as (
    select * from {{ ref('kpi_lead_conversion') }}
),

campaigns as (
    select * from {{ ref('kpi_cost_per_lead') }}
),

campaign_start_dates as (
    select
        campaign_id,
        start_date
    from {{ ref('stg_crm__campaigns') }}
),

mature_cohorts as (
    select *
    from conversion
    where
        month > {{ dbt.dateadd('month', -18, as_of_date()) }}
        and month <= {{ dbt.dateadd('month', -6, as_of_date()) }}
),

channel_conversion as (
    select
        source_channel,
        sum(leads) as leads,
        sum(converted_leads) as converted_leads,
        sum(won_leads) as won_leads
    from mature_cohorts
    group by source_channel
),

channel_campaigns as (
    select
        campaigns.channel,
        sum(campaigns.budget_amount) as budget_amount,
        sum(campaigns.leads) as campaign_leads,
        sum(campaigns.won_deals) as won_deals
    from campaigns
    inner join campaign_start_dates
        on campaigns.campaign_id = campaign_start_dates.campaign_id
    where
        campaign_start_dates.start_date > {{ dbt.dateadd('month', -18, as_of_date()) }}
        and campaign_start_dates.start_date <= {{ dbt.dateadd('month', -6, as_of_date()) }}
    group by campaigns.channel
)

select
    channel_conversion.source_channel,
    channel_conversion.leads,
    channel_conversion.won_leads,
    {{ safe_divide('channel_conversion.converted_leads', 'channel_conversion.leads') }} as lead_to_opportunity_rate,
    {{ safe_divide('channel_conversion.won_leads', 'channel_conversion.leads') }} as lead_to_customer_rate,
    channel_campaigns.budget_amount as campaign_budget_amount,
    channel_campaigns.campaign_leads,
    channel_campaigns.won_deals as campaign_won_deals,
    {{ safe_divide('channel_campaigns.budget_amount', 'channel_campaigns.campaign_leads', 'decimal(18, 2)') }}
        as cost_per_lead,
    {{ safe_divide('channel_campaigns.budget_amount', 'channel_campaigns.won_deals', 'decimal(18, 2)') }}
        as cost_per_won_deal
from channel_conversion
left join channel_campaigns
    on channel_conversion.source_channel = channel_campaigns.channel
order by lead_to_customer_rate desc
