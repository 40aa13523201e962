with

leads as (
    select * from {{ ref('stg_crm__leads') }}
),

channels as (
    select * from {{ ref('channels') }}
),

opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

activities as (
    select * from {{ ref('stg_crm__activities') }}
),

first_activities as (
    select
        lead_id,
        min(occurred_at) as first_activity_at
    from activities
    where lead_id is not null
    group by lead_id
),

{# A lead's deal: the lead's own opportunity_id, else the earliest deal
    whose lead_id points at the lead. #}
deals_by_lead as (
    select
        lead_id,
        opportunity_id,
        row_number() over (partition by lead_id order by created_at, opportunity_id) as deal_number
    from opportunities
    where lead_id is not null
),

resolved as (
    select
        leads.*,
        coalesce(leads.opportunity_id, deals_by_lead.opportunity_id) as resolved_opportunity_id,
        first_activities.first_activity_at
    from leads
    left join deals_by_lead
        on
            leads.lead_id = deals_by_lead.lead_id
            and deals_by_lead.deal_number = 1
    left join first_activities
        on leads.lead_id = first_activities.lead_id
)

select
    resolved.lead_id,
    resolved.created_at,
    cast({{ dbt.date_trunc('month', 'resolved.created_at') }} as date) as created_month,
    resolved.source_channel,
    coalesce(channels.motion, 'unknown') as motion,
    resolved.campaign_id,
    coalesce(resolved.origin, 'unknown') as origin,
    resolved.owner_rep_id,
    resolved.account_id,
    coalesce(resolved.status, 'unknown') as status,
    resolved.first_response_at,
    resolved.first_activity_at,
    resolved.converted_at,
    resolved.resolved_opportunity_id as opportunity_id,
    resolved.resolved_opportunity_id is not null as is_converted,
    coalesce(opportunities.is_won, false) as is_won
from resolved
left join channels
    on resolved.source_channel = channels.channel
left join opportunities
    on resolved.resolved_opportunity_id = opportunities.opportunity_id
