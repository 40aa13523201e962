{# Deals with their current state, the dimensions KPIs group by and the
    measures every deal KPI reads: whether the deal was created, closed, won
    or lost by now (the end of the as_of day), its motion and its cycle. The
    as_of test lives here only; views filter on the flags. #}
with

opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
),

products as (
    select * from {{ ref('dim_products') }}
),

leads as (
    select * from {{ ref('stg_crm__leads') }}
),

lead_links as (
    select * from {{ ref('int_lead_opportunity_links') }}
),

channels as (
    select * from {{ ref('channels') }}
),

pipeline_stages as (
    select * from {{ ref('stg_crm__pipeline_stages') }}
),

stage_history as (
    select * from {{ ref('stg_crm__opportunity_stage_history') }}
),

{# A deal's lead: the lead it names (even one missing from leads), else the
    earliest lead naming the deal (created_at, then lead_id). #}
deal_leads as (
    select
        opportunity_id,
        lead_id
    from (
        select
            lead_links.opportunity_id,
            lead_links.lead_id,
            row_number() over (
                partition by lead_links.opportunity_id
                order by
                    case when lead_links.is_named_by_deal then 0 else 1 end,
                    leads.created_at,
                    lead_links.lead_id
            ) as lead_number
        from lead_links
        left join leads
            on lead_links.lead_id = leads.lead_id
    ) as numbered_links
    where lead_number = 1
),

{# A deal is reopened when its history has a closed stage followed by a
    later entry. #}
reopened_deals as (
    select distinct closes.opportunity_id
    from stage_history as closes
    inner join pipeline_stages
        on closes.stage = pipeline_stages.stage
    inner join stage_history as later_entries
        on
            closes.opportunity_id = later_entries.opportunity_id
            and closes.entered_at < later_entries.entered_at
    where pipeline_stages.is_closed
),

deals as (
    select
        opportunities.*,
        deal_leads.lead_id as deal_lead_id,
        case
            when deal_leads.lead_id is null then 'direct'
            else coalesce(leads.source_channel, 'unknown')
        end as lead_source,
        coalesce(opportunities.closed_at < {{ as_of_end() }}, false) as is_closed_at_by_as_of
    from opportunities
    left join deal_leads
        on opportunities.opportunity_id = deal_leads.opportunity_id
    left join leads
        on deal_leads.lead_id = leads.lead_id
)

select
    deals.opportunity_id,
    deals.account_id,
    deals.deal_lead_id as lead_id,
    deals.owner_rep_id as rep_id,
    deals.product_id,
    coalesce(products.product_line, 'unknown') as product_line,
    coalesce(accounts.industry, 'unknown') as industry,
    coalesce(accounts.segment, 'unknown') as segment,
    deals.lead_source,
    {# A deal's motion is its lead's channel's; a deal without a lead is
        sales-sourced: outbound. #}
    case
        when deals.lead_source = 'direct' then 'outbound'
        else coalesce(channels.motion, 'unknown')
    end as motion,
    deals.opportunity_type,
    pipeline_stages.pipeline,
    deals.stage,
    pipeline_stages.stage_order,
    deals.is_closed,
    deals.is_won,
    deals.is_closed and not deals.is_won as is_lost,
    reopened_deals.opportunity_id is not null as is_reopened,
    deals.created_at < {{ as_of_end() }} as is_created_by_as_of,
    deals.is_closed and deals.is_closed_at_by_as_of as is_closed_by_as_of,
    deals.is_won and deals.is_closed_at_by_as_of as is_won_by_as_of,
    deals.is_closed and not deals.is_won and deals.is_closed_at_by_as_of as is_lost_by_as_of,
    cast(coalesce(deals.amount, 0) as decimal(18, 2)) as amount,
    deals.amount_in_currency,
    deals.currency,
    deals.created_at,
    cast({{ dbt.date_trunc('month', 'deals.created_at') }} as date) as created_month,
    deals.expected_close_date,
    deals.closed_at,
    cast({{ dbt.date_trunc('month', 'deals.closed_at') }} as date) as close_month,
    cast(
        {{ dbt.datediff('deals.created_at', 'deals.closed_at', 'second') }}
        as {{ dbt.type_bigint() }}
    ) as cycle_seconds,
    {{ safe_divide(
        dbt.datediff('deals.created_at', 'deals.closed_at', 'second'), '86400', 'decimal(18, 6)',
    ) }} as cycle_days,
    deals.loss_reason
from deals
inner join pipeline_stages
    on deals.stage = pipeline_stages.stage
left join accounts
    on deals.account_id = accounts.account_id
left join products
    on deals.product_id = products.product_id
left join channels
    on deals.lead_source = channels.channel
left join reopened_deals
    on deals.opportunity_id = reopened_deals.opportunity_id
