{# Every row of HubSpot's contact table, values as text, with whether it is
    deleted (left out of the leads; counted in hubspot__deleted_rows) and its
    created_at parsed (to pick a deal's first contact). #}
with

contacts as (
    select * from {{ source_table('hubspot', 'contact') }}
),

texts as (
    select
        {{ clean_text('id') }} as contact_id,
        {{ clean_text('property_createdate') }} as created_at_text,
        {{ clean_text('property_email') }} as email,
        lower({{ clean_text('property_lifecyclestage') }}) as lifecycle_stage,
        upper({{ clean_text('property_hs_lead_status') }}) as lead_status,
        upper({{ clean_text('property_hs_analytics_source') }}) as analytics_source,
        {{ clean_text('property_hubspot_owner_id') }} as owner_id,
        {{ clean_text('property_associatedcompanyid') }} as company_id,
        {{ clean_text('property_hs_lifecyclestage_opportunity_date') }} as became_opportunity_at,
        {{ clean_text('property_hs_lifecyclestage_customer_date') }} as became_customer_at,
        {{ clean_text('_fivetran_synced') }} as synced_at_text,
        {{ hubspot_flag('_fivetran_deleted') }} as is_deleted
    from contacts
)

select
    *,
    {{ parse_timestamp('created_at_text') }} as created_at
from texts
