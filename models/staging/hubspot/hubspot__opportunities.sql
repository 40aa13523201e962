{# The input contract's opportunities: HubSpot's deals, one row per deal
    (deleted and merged deals left out; see base_hubspot__deals for the
    stage and amount). account_id is the deal's primary company (association
    type 5), else its company with the lowest id; lead_id is its contact
    created first. The amount is in the portal's home currency (var
    hubspot_home_currency; empty means the reporting currency). The close
    date is the expected close date and, on a closed deal, closed_at.
    dealtype newbusiness reads new_business and existingbusiness upsell;
    other options pass as they are (staging reads them as unknown). The
    product is that of the deal's largest line item
    (hubspot__opportunity_products); none without line items. #}
with

deals as (
    select * from {{ ref('base_hubspot__deals') }}
    where excluded_as is null
),

contacts as (
    select * from {{ ref('base_hubspot__contacts') }}
    where not is_deleted
),

deal_contacts as (
    select
        {{ clean_text('deal_contact.deal_id') }} as deal_id,
        contacts.contact_id,
        row_number() over (
            partition by {{ clean_text('deal_contact.deal_id') }}
            order by contacts.created_at asc nulls last, contacts.contact_id asc
        ) as contact_rank
    from {{ source_table('hubspot', 'deal_contact') }} as deal_contact
    inner join contacts
        on {{ clean_text('deal_contact.contact_id') }} = contacts.contact_id
),

opportunity_products as (
    select * from {{ ref('hubspot__opportunity_products') }}
),

deal_companies as (
    select
        {{ clean_text('deal_id') }} as deal_id,
        {{ clean_text('company_id') }} as company_id,
        row_number() over (
            partition by {{ clean_text('deal_id') }}
            order by
                case when {{ clean_text('type_id') }} = '5' then 0 else 1 end,
                {{ clean_text('company_id') }}
        ) as company_rank
    from {{ source_table('hubspot', 'deal_company') }}
)

select
    deals.deal_id as opportunity_id,
    deal_companies.company_id as account_id,
    deal_contacts.contact_id as lead_id,
    deals.owner_id as owner_rep_id,
    opportunity_products.product_id,
    case lower(deals.dealtype)
        when 'newbusiness' then 'new_business'
        when 'existingbusiness' then 'upsell'
        else deals.dealtype
    end as opportunity_type,
    deals.amount,
    {{ hubspot_home_currency() }} as currency,
    deals.created_at_text as created_at,
    deals.expected_close_date_text as expected_close_date,
    case when deals.is_closed then deals.closedate_text end as closed_at,
    coalesce(deals.stage, deals.stage_id) as stage,
    deals.closed_lost_reason as loss_reason,
    deals.synced_at_text as updated_at
from deals
left join deal_contacts
    on
        deals.deal_id = deal_contacts.deal_id
        and deal_contacts.contact_rank = 1
left join deal_companies
    on
        deals.deal_id = deal_companies.deal_id
        and deal_companies.company_rank = 1
left join opportunity_products
    on deals.deal_id = opportunity_products.deal_id
