{# The pipeline's stages for stg_crm__pipeline_stages: Salesforce's
    OpportunityStage when the raw schema holds any row of it (Fivetran syncs
    it; an export may include it), else the seed salesforce_stages (the
    standard picklist, or your edit of it). A stage's key is its value as
    Opportunity.StageName holds it (ApiName, else MasterLabel), normalised as
    staging normalises a deal's stage ('Proposal/Price Quote' becomes
    'proposal/price_quote'). Inactive stages are kept: old deals still carry
    them. Order: open stages by SortOrder, then won, then lost stages, so the
    closed stages come last. #}
with

object_stages as (
    select
        coalesce({{ clean_text('api_name') }}, {{ clean_text('master_label') }}) as stage_label,
        {{ parse_integer(clean_text('sort_order')) }} as sort_order,
        {{ parse_decimal(clean_text('default_probability'), 9, 4) }} as default_probability,
        {{ salesforce_flag('is_closed') }} as is_closed,
        {{ salesforce_flag('is_won') }} as is_won
    from {{ ref('base_salesforce__opportunity_stage') }}
    where not {{ salesforce_is_deleted() }}
),

seed_stages as (
    select
        master_label as stage_label,
        cast(sort_order as {{ dbt.type_bigint() }}) as sort_order,
        cast(default_probability as decimal(9, 4)) as default_probability,
        is_closed,
        is_won
    from {{ ref('salesforce_stages') }}
),

stages as (
    select * from object_stages
    union all
    select * from seed_stages
    where not exists (select 1 from object_stages)
),

keyed as (
    select
        {{ normalize_label('stage_label') }} as stage,
        sort_order,
        {{ safe_divide('coalesce(default_probability, case when is_won then 100 else 0 end)', '100') }}
            as win_probability,
        is_closed,
        is_closed and is_won as is_won,
        row_number() over (
            partition by {{ normalize_label('stage_label') }}
            order by sort_order, stage_label
        ) as label_number
    from stages
    where stage_label is not null
)

select
    'default' as pipeline,
    stage,
    cast(row_number() over (
        order by
            case when not is_closed then 0 when is_won then 1 else 2 end,
            sort_order,
            stage
    ) as integer) as stage_order,
    win_probability,
    is_closed,
    is_won
from keyed
where label_number = 1
