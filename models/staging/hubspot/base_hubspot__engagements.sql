{# Every call, e-mail and meeting engagement, one row per row of
    engagement_call, engagement_email and engagement_meeting, values as text,
    with its activity type and whether it is left out: deleted in HubSpot
    (counted in hubspot__deleted_rows) or an incoming e-mail (the contact
    wrote it: not a rep's activity). A meeting whose type is Demo is a demo. #}
with

calls as (
    select
        {{ clean_text('engagement_id') }} as engagement_id,
        'call' as activity_type,
        {{ clean_text('property_hs_timestamp') }} as occurred_at,
        {{ clean_text('property_hubspot_owner_id') }} as owner_id,
        {{ clean_text('_fivetran_synced') }} as synced_at_text,
        {{ hubspot_flag('_fivetran_deleted') }} as is_deleted,
        false as is_incoming_email
    from {{ source_table('hubspot', 'engagement_call') }}
),

emails as (
    select
        {{ clean_text('engagement_id') }} as engagement_id,
        'email' as activity_type,
        {{ clean_text('property_hs_timestamp') }} as occurred_at,
        {{ clean_text('property_hubspot_owner_id') }} as owner_id,
        {{ clean_text('_fivetran_synced') }} as synced_at_text,
        {{ hubspot_flag('_fivetran_deleted') }} as is_deleted,
        coalesce(upper({{ clean_text('type') }}) = 'INCOMING_EMAIL', false) as is_incoming_email
    from {{ source_table('hubspot', 'engagement_email') }}
),

meetings as (
    select
        {{ clean_text('engagement_id') }} as engagement_id,
        case
            when {{ normalize_label(clean_text('property_hs_activity_type')) }} = 'demo' then 'demo'
            else 'meeting'
        end as activity_type,
        {{ clean_text('property_hs_timestamp') }} as occurred_at,
        {{ clean_text('property_hubspot_owner_id') }} as owner_id,
        {{ clean_text('_fivetran_synced') }} as synced_at_text,
        {{ hubspot_flag('_fivetran_deleted') }} as is_deleted,
        false as is_incoming_email
    from {{ source_table('hubspot', 'engagement_meeting') }}
),

engagements as (
    select * from calls
    union all
    select * from emails
    union all
    select * from meetings
)

select
    *,
    case
        when is_deleted then 'deleted'
        when is_incoming_email then 'incoming email'
    end as excluded_as
from engagements
