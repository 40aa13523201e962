{# Leads as they stood at the end of the as_of day: one row per lead (leads
    created later keep their row; KPI views filter on is_created_by_as_of).

    First response: the earlier of the lead's first_response_at and the first
    activity logged on the lead, counting only events before the end of the
    as_of day. A response before the lead was created (clock skew between
    systems) keeps its timestamp but is clamped to 0 seconds.

    The lead's deal: the deal the lead names (its opportunity_id), else the
    earliest deal whose lead_id names the lead; only deals that exist and
    were created before the end of the as_of day (links: int_lead_opportunity_links).
    Won by as_of: that deal's is_won_by_as_of (fct_opportunities). #}
with

leads as (
    select * from {{ ref('stg_crm__leads') }}
),

channels as (
    select * from {{ ref('channels') }}
),

deals as (
    select * from {{ ref('fct_opportunities') }}
),

lead_links as (
    select * from {{ ref('int_lead_opportunity_links') }}
),

activities as (
    select * from {{ ref('stg_crm__activities') }}
),

first_activities as (
    select
        lead_id,
        min(occurred_at) as first_activity_at
    from activities
    where
        lead_id is not null
        and occurred_at < {{ as_of_end() }}
    group by lead_id
),

{# A lead's deal: among deals created by now, the one the lead names, else
    the earliest naming the lead (created_at, then opportunity_id). #}
lead_deals as (
    select
        lead_id,
        opportunity_id
    from (
        select
            lead_links.lead_id,
            lead_links.opportunity_id,
            row_number() over (
                partition by lead_links.lead_id
                order by
                    case when lead_links.is_named_by_lead then 0 else 1 end,
                    deals.created_at,
                    lead_links.opportunity_id
            ) as deal_number
        from lead_links
        inner join deals
            on lead_links.opportunity_id = deals.opportunity_id
        where deals.is_created_by_as_of
    ) as numbered_links
    where deal_number = 1
),

responses as (
    select
        leads.*,
        first_activities.first_activity_at,
        case
            when
                leads.first_response_at < {{ as_of_end() }}
                and (
                    first_activities.first_activity_at is null
                    or leads.first_response_at <= first_activities.first_activity_at
                )
                then leads.first_response_at
            else first_activities.first_activity_at
        end as responded_at
    from leads
    left join first_activities
        on leads.lead_id = first_activities.lead_id
),

timed_responses as (
    select
        *,
        {{ dbt.datediff('created_at', 'responded_at', 'second') }}
            as signed_response_seconds
    from responses
),

with_deals as (
    select
        timed_responses.*,
        case
            when timed_responses.signed_response_seconds < 0 then 0
            else timed_responses.signed_response_seconds
        end as response_seconds,
        lead_deals.opportunity_id as lead_opportunity_id,
        coalesce(deals.is_won_by_as_of, false) as is_won_by_as_of
    from timed_responses
    left join lead_deals
        on timed_responses.lead_id = lead_deals.lead_id
    left join deals
        on lead_deals.opportunity_id = deals.opportunity_id
)

select
    with_deals.lead_id,
    with_deals.created_at,
    with_deals.created_at < {{ as_of_end() }} as is_created_by_as_of,
    cast({{ dbt.date_trunc('month', 'with_deals.created_at') }} as date) as created_month,
    with_deals.source_channel,
    coalesce(channels.motion, 'unknown') as motion,
    with_deals.campaign_id,
    coalesce(with_deals.origin, 'unknown') as origin,
    with_deals.owner_rep_id,
    with_deals.account_id,
    coalesce(with_deals.status, 'unknown') as status,
    with_deals.first_response_at,
    with_deals.first_activity_at,
    with_deals.responded_at,
    with_deals.responded_at is not null as is_responded,
    coalesce(with_deals.signed_response_seconds < 0, false) as is_response_before_creation,
    cast(with_deals.response_seconds as {{ dbt.type_bigint() }}) as response_seconds,
    {{ safe_divide('with_deals.response_seconds', '3600', 'decimal(18, 6)') }} as response_hours,
    with_deals.converted_at,
    with_deals.lead_opportunity_id as opportunity_id,
    with_deals.lead_opportunity_id is not null as is_converted,
    with_deals.is_won_by_as_of
from with_deals
left join channels
    on with_deals.source_channel = channels.channel
