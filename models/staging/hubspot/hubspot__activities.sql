{# The input contract's activities: HubSpot's calls, e-mails and meetings
    (see base_hubspot__engagements; deleted ones and incoming e-mails left
    out), one row per engagement: occurred_at is its hs_timestamp, the rep
    its owner. An engagement associated with several deals, contacts or
    companies is on the one with the lowest id of each (the contract holds
    one); a contact is a lead. HubSpot records no positive or negative
    outcome, so outcome is empty. #}
with

engagements as (
    select * from {{ ref('base_hubspot__engagements') }}
    where excluded_as is null
),

engagement_deals as (
    select
        {{ clean_text('engagement_id') }} as engagement_id,
        min({{ clean_text('deal_id') }}) as deal_id
    from {{ source_table('hubspot', 'engagement_deal') }}
    group by {{ clean_text('engagement_id') }}
),

engagement_contacts as (
    select
        {{ clean_text('engagement_id') }} as engagement_id,
        min({{ clean_text('contact_id') }}) as contact_id
    from {{ source_table('hubspot', 'engagement_contact') }}
    group by {{ clean_text('engagement_id') }}
),

engagement_companies as (
    select
        {{ clean_text('engagement_id') }} as engagement_id,
        min({{ clean_text('company_id') }}) as company_id
    from {{ source_table('hubspot', 'engagement_company') }}
    group by {{ clean_text('engagement_id') }}
)

select
    engagements.engagement_id as activity_id,
    engagements.owner_id as rep_id,
    engagements.activity_type,
    engagements.occurred_at,
    engagement_contacts.contact_id as lead_id,
    engagement_deals.deal_id as opportunity_id,
    engagement_companies.company_id as account_id,
    cast(null as {{ dbt.type_string() }}) as outcome,
    engagements.synced_at_text as updated_at
from engagements
left join engagement_deals
    on engagements.engagement_id = engagement_deals.engagement_id
left join engagement_contacts
    on engagements.engagement_id = engagement_contacts.engagement_id
left join engagement_companies
    on engagements.engagement_id = engagement_companies.engagement_id
