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

pipeline_stages as (
    select * from {{ ref('stg_crm__pipeline_stages') }}
),

stage_history as (
    select * from {{ ref('stg_crm__opportunity_stage_history') }}
),

{# A deal's lead: its own lead_id, else the earliest lead whose opportunity_id
   names the deal (CRMs such as Salesforce keep the link on the lead only).
   fct_leads reads the same two links from the lead's side. #}
leads_naming_deals as (
    select
        opportunity_id,
        lead_id
    from (
        select
            opportunity_id,
            lead_id,
            row_number() over (
                partition by opportunity_id
                order by created_at asc, lead_id asc
            ) as lead_number
        from leads
        where opportunity_id is not null
    ) as numbered_leads
    where lead_number = 1
),

deal_leads as (
    select
        opportunities.opportunity_id,
        coalesce(opportunities.lead_id, leads_naming_deals.lead_id) as lead_id
    from opportunities
    left join leads_naming_deals
        on opportunities.opportunity_id = leads_naming_deals.opportunity_id
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
)

select
    opportunities.opportunity_id,
    opportunities.account_id,
    deal_leads.lead_id,
    opportunities.owner_rep_id as rep_id,
    opportunities.product_id,
    coalesce(products.product_line, 'unknown') as product_line,
    coalesce(accounts.industry, 'unknown') as industry,
    coalesce(accounts.segment, 'unknown') as segment,
    case
        when deal_leads.lead_id is null then 'direct'
        else coalesce(leads.source_channel, 'unknown')
    end as lead_source,
    opportunities.opportunity_type,
    pipeline_stages.pipeline,
    opportunities.stage,
    pipeline_stages.stage_order,
    opportunities.is_closed,
    opportunities.is_won,
    opportunities.is_closed and not opportunities.is_won as is_lost,
    reopened_deals.opportunity_id is not null as is_reopened,
    cast(coalesce(opportunities.amount, 0) as decimal(18, 2)) as amount,
    opportunities.amount_in_currency,
    opportunities.currency,
    opportunities.created_at,
    cast({{ dbt.date_trunc('month', 'opportunities.created_at') }} as date) as created_month,
    opportunities.expected_close_date,
    opportunities.closed_at,
    cast({{ dbt.date_trunc('month', 'opportunities.closed_at') }} as date) as close_month,
    cast(
        {{ dbt.datediff('opportunities.created_at', 'opportunities.closed_at', 'second') }}
        / 86400.0 as decimal(18, 6)
    ) as cycle_days,
    opportunities.loss_reason
from opportunities
inner join pipeline_stages
    on opportunities.stage = pipeline_stages.stage
inner join deal_leads
    on opportunities.opportunity_id = deal_leads.opportunity_id
left join accounts
    on opportunities.account_id = accounts.account_id
left join products
    on opportunities.product_id = products.product_id
left join leads
    on deal_leads.lead_id = leads.lead_id
left join reopened_deals
    on opportunities.opportunity_id = reopened_deals.opportunity_id
