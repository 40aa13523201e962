{# HubSpot rows the mapping leaves out because HubSpot deleted them, per
    input-contract table, for audit_row_counts (raw = staged + quarantined +
    superseded + deleted): deals deleted (is_deleted, _fivetran_deleted) or
    merged into another deal (merged_deal), their stage history, and deleted
    contacts, companies, calls, e-mails and meetings. #}
with

deals as (
    select * from {{ ref('base_hubspot__deals') }}
),

deal_stages as (
    select * from {{ ref('base_hubspot__deal_stages') }}
),

contacts as (
    select * from {{ ref('base_hubspot__contacts') }}
),

companies as (
    select * from {{ source_table('hubspot', 'company') }}
),

engagements as (
    select * from {{ ref('base_hubspot__engagements') }}
),

counts as (
    select
        'opportunities' as source_table,
        sum(case when excluded_as is not null then 1 else 0 end) as deleted_rows
    from deals
    union all
    select
        'opportunity_stage_history' as source_table,
        sum(case when is_excluded then 1 else 0 end) as deleted_rows
    from deal_stages
    union all
    select
        'leads' as source_table,
        sum(case when is_deleted then 1 else 0 end) as deleted_rows
    from contacts
    union all
    select
        'accounts' as source_table,
        sum(
            case when {{ hubspot_flag('is_deleted') }} or {{ hubspot_flag('_fivetran_deleted') }} then 1 else 0 end
        ) as deleted_rows
    from companies
    union all
    select
        'activities' as source_table,
        sum(case when excluded_as = 'deleted' then 1 else 0 end) as deleted_rows
    from engagements
)

select
    source_table,
    cast(coalesce(deleted_rows, 0) as {{ dbt.type_bigint() }}) as deleted_rows
from counts
