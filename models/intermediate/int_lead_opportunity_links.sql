{# The links between leads and deals, read once for both facts. A CRM keeps
    the link on either side: a deal names its lead (lead_id), a lead names its
    deal (opportunity_id; CRMs such as Salesforce keep it there only). One row
    per lead and deal where either names the other and the deal exists (the
    lead may be missing from leads). fct_opportunities picks each deal's lead
    from these rows, fct_leads each lead's deal. #}
with

leads as (
    select * from {{ ref('stg_crm__leads') }}
),

opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

named_links as (
    select
        lead_id,
        opportunity_id,
        1 as is_named_by_lead,
        0 as is_named_by_deal
    from leads
    where opportunity_id is not null

    union all

    select
        lead_id,
        opportunity_id,
        0 as is_named_by_lead,
        1 as is_named_by_deal
    from opportunities
    where lead_id is not null
),

links as (
    select
        lead_id,
        opportunity_id,
        max(is_named_by_lead) as is_named_by_lead,
        max(is_named_by_deal) as is_named_by_deal
    from named_links
    group by
        lead_id,
        opportunity_id
)

select
    links.lead_id,
    links.opportunity_id,
    links.is_named_by_lead = 1 as is_named_by_lead,
    links.is_named_by_deal = 1 as is_named_by_deal
from links
inner join opportunities
    on links.opportunity_id = opportunities.opportunity_id
