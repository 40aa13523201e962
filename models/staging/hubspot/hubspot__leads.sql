{# The input contract's leads: every HubSpot contact is a lead (deleted
    contacts left out; counted in hubspot__deleted_rows), created when the
    contact was created.

    source_channel from the original source (hs_analytics_source): paid
    search -> paid_search, organic or paid social -> social, referrals ->
    referral, organic search, direct traffic and AI referrals -> website (the
    channels seed's names); other sources (email_marketing, other_campaigns,
    offline) keep HubSpot's name. origin is marketing for every online source,
    unknown for offline ones (imports, CRM entries, integrations).

    status: converted when the contact has a deal (deal_contact) or its
    lifecycle stage reached opportunity, customer or evangelist;
    disqualified for lead status UNQUALIFIED; qualified for lead status
    OPEN_DEAL or lifecycle marketingqualifiedlead / salesqualifiedlead;
    working for lead status OPEN, IN_PROGRESS, ATTEMPTED_TO_CONTACT,
    CONNECTED or BAD_TIMING; new for lead status NEW or lifecycle subscriber
    or lead; any other value passes as it is (staging reads it as unknown and
    lists it). opportunity_id is the contact's first deal (by created_at);
    converted_at that deal's created_at, else the date the lifecycle became
    opportunity, else customer. first_response_at is left empty: the first
    call, e-mail or meeting logged on the contact is its first response. #}
with

contacts as (
    select * from {{ ref('base_hubspot__contacts') }}
    where not is_deleted
),

deals as (
    select * from {{ ref('base_hubspot__deals') }}
    where excluded_as is null
),

contact_deals as (
    select
        {{ clean_text('deal_contact.contact_id') }} as contact_id,
        deals.deal_id,
        deals.created_at_text,
        row_number() over (
            partition by {{ clean_text('deal_contact.contact_id') }}
            order by deals.created_at asc nulls last, deals.deal_id asc
        ) as deal_rank
    from {{ source_table('hubspot', 'deal_contact') }} as deal_contact
    inner join deals
        on {{ clean_text('deal_contact.deal_id') }} = deals.deal_id
),

first_deals as (
    select * from contact_deals
    where deal_rank = 1
),

statuses as (
    select
        contacts.*,
        first_deals.deal_id,
        first_deals.created_at_text as first_deal_created_at,
        case
            when
                first_deals.deal_id is not null
                or contacts.lifecycle_stage in ('opportunity', 'customer', 'evangelist')
                then 'converted'
            when contacts.lead_status = 'UNQUALIFIED' then 'disqualified'
            when
                contacts.lead_status = 'OPEN_DEAL'
                or contacts.lifecycle_stage in ('marketingqualifiedlead', 'salesqualifiedlead')
                then 'qualified'
            when
                contacts.lead_status in ('OPEN', 'IN_PROGRESS', 'ATTEMPTED_TO_CONTACT', 'CONNECTED', 'BAD_TIMING')
                then 'working'
            when
                contacts.lead_status = 'NEW'
                or contacts.lifecycle_stage in ('subscriber', 'lead')
                then 'new'
            else coalesce(contacts.lead_status, contacts.lifecycle_stage)
        end as status
    from contacts
    left join first_deals
        on contacts.contact_id = first_deals.contact_id
)

select
    contact_id as lead_id,
    created_at_text as created_at,
    case analytics_source
        when 'PAID_SEARCH' then 'paid_search'
        when 'SOCIAL_MEDIA' then 'social'
        when 'PAID_SOCIAL' then 'social'
        when 'REFERRALS' then 'referral'
        when 'ORGANIC_SEARCH' then 'website'
        when 'DIRECT_TRAFFIC' then 'website'
        when 'AI_REFERRALS' then 'website'
        else lower(analytics_source)
    end as source_channel,
    cast(null as {{ dbt.type_string() }}) as campaign_id,
    case when analytics_source <> 'OFFLINE' then 'marketing' end as origin,
    owner_id as owner_rep_id,
    company_id as account_id,
    email,
    status,
    cast(null as {{ dbt.type_string() }}) as first_response_at,
    case
        when status = 'converted'
            then coalesce(first_deal_created_at, became_opportunity_at, became_customer_at)
    end as converted_at,
    deal_id as opportunity_id,
    synced_at_text as updated_at
from statuses
