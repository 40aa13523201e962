{{ config(enabled=var('crm_source', 'contract') == 'hubspot') }}
{# Fan-out guard of the HubSpot mapping: every row of a HubSpot table that
    fills an input-contract table is mapped exactly once, or counted as
    deleted, or (an incoming e-mail) left out as no activity. A join to an
    association table that duplicated rows would show as a mismatch. #}
with

counts as (
    select
        'reps' as source_table,
        (select count(*) from {{ source('hubspot', 'owner') }}) as hubspot_rows,
        (select count(*) from {{ ref('hubspot__reps') }}) as mapped_rows,
        0 as left_out_rows
    union all
    select
        'accounts' as source_table,
        (select count(*) from {{ source('hubspot', 'company') }}) as hubspot_rows,
        (select count(*) from {{ ref('hubspot__accounts') }}) as mapped_rows,
        0 as left_out_rows
    union all
    select
        'leads' as source_table,
        (select count(*) from {{ source('hubspot', 'contact') }}) as hubspot_rows,
        (select count(*) from {{ ref('hubspot__leads') }}) as mapped_rows,
        0 as left_out_rows
    union all
    select
        'opportunities' as source_table,
        (select count(*) from {{ source('hubspot', 'deal') }}) as hubspot_rows,
        (select count(*) from {{ ref('hubspot__opportunities') }}) as mapped_rows,
        0 as left_out_rows
    union all
    select
        'opportunity_stage_history' as source_table,
        (select count(*) from {{ source('hubspot', 'deal_stage') }}) as hubspot_rows,
        (select count(*) from {{ ref('hubspot__opportunity_stage_history') }}) as mapped_rows,
        0 as left_out_rows
    union all
    select
        'activities' as source_table,
        (select count(*) from {{ source('hubspot', 'engagement_call') }})
        + (select count(*) from {{ source('hubspot', 'engagement_email') }})
        + (select count(*) from {{ source('hubspot', 'engagement_meeting') }}) as hubspot_rows,
        (select count(*) from {{ ref('hubspot__activities') }}) as mapped_rows,
        (
            select count(*) from {{ ref('base_hubspot__engagements') }}
            where excluded_as = 'incoming email'
        ) as left_out_rows
)

select
    counts.source_table,
    counts.hubspot_rows,
    counts.mapped_rows,
    coalesce(deleted.deleted_rows, 0) as deleted_rows,
    counts.left_out_rows
from counts
left join {{ ref('hubspot__deleted_rows') }} as deleted
    on counts.source_table = deleted.source_table
where counts.hubspot_rows <> counts.mapped_rows + coalesce(deleted.deleted_rows, 0) + counts.left_out_rows
