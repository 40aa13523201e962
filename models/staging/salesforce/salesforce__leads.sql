{# Salesforce's Lead as the contract's leads. The channel is LeadSource and
    the status Status, both through the seed salesforce_picklist_values; a
    converted lead (IsConverted) has status converted, its ConvertedDate,
    ConvertedOpportunityId and ConvertedAccountId. The campaign is the
    lead's first campaign membership (CampaignMember), else the primary
    campaign of the deal it converted into. The owner is a rep only when it
    is a user (Id prefix 005), not a queue. Salesforce records neither a
    first response (staging takes the first activity on the lead) nor
    whether marketing or sales originated the lead (origin is empty). #}
with

leads as (
    select * from {{ ref('base_salesforce__lead') }}
    where not {{ salesforce_is_deleted() }}
),

member_texts as (
    select
        {{ clean_text('campaign_id') }} as campaign_id,
        {{ clean_text('lead_id') }} as lead_id,
        {{ clean_text('created_date') }} as created_text
    from {{ ref('base_salesforce__campaign_member') }}
    where not {{ salesforce_is_deleted() }} and {{ clean_text('lead_id') }} is not null
),

memberships as (
    select
        campaign_id,
        lead_id
    from (
        select
            campaign_id,
            lead_id,
            row_number() over (
                partition by lead_id
                order by {{ parse_timestamp('created_text') }} asc nulls last, campaign_id asc
            ) as membership_number
        from member_texts
    ) as numbered
    where membership_number = 1
),

deal_campaigns as (
    select
        {{ clean_text('id') }} as opportunity_id,
        min({{ clean_text('campaign_id') }}) as campaign_id
    from {{ ref('base_salesforce__opportunity') }}
    where not {{ salesforce_is_deleted() }}
    group by {{ clean_text('id') }}
)

select
    cast({{ clean_text('leads.id') }} as {{ dbt.type_string() }}) as lead_id,
    cast({{ clean_text('leads.created_date') }} as {{ dbt.type_string() }}) as created_at,
    cast(
        coalesce(
            {{ salesforce_picklist('lead.lead_source', 'leads.lead_source') }},
            {{ clean_text('leads.lead_source') }}
        ) as {{ dbt.type_string() }}
    ) as source_channel,
    cast(coalesce(memberships.campaign_id, deal_campaigns.campaign_id) as {{ dbt.type_string() }}) as campaign_id,
    cast(null as {{ dbt.type_string() }}) as origin,
    cast({{ salesforce_id_of('leads.owner_id', '005') }} as {{ dbt.type_string() }}) as owner_rep_id,
    cast({{ clean_text('leads.converted_account_id') }} as {{ dbt.type_string() }}) as account_id,
    cast({{ clean_text('leads.email') }} as {{ dbt.type_string() }}) as email,
    cast(
        case
            when {{ salesforce_flag('leads.is_converted') }} then 'converted'
            else coalesce(
                {{ salesforce_picklist('lead.status', 'leads.status') }},
                {{ clean_text('leads.status') }}
            )
        end as {{ dbt.type_string() }}
    ) as status,
    cast(null as {{ dbt.type_string() }}) as first_response_at,
    cast({{ clean_text('leads.converted_date') }} as {{ dbt.type_string() }}) as converted_at,
    cast({{ clean_text('leads.converted_opportunity_id') }} as {{ dbt.type_string() }}) as opportunity_id,
    cast({{ clean_text('leads.last_modified_date') }} as {{ dbt.type_string() }}) as updated_at
from leads
left join memberships
    on {{ clean_text('leads.id') }} = memberships.lead_id
left join deal_campaigns
    on {{ clean_text('leads.converted_opportunity_id') }} = deal_campaigns.opportunity_id
