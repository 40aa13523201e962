{# Every row of HubSpot's deal table, values as text, with what the mapping
    makes of it: whether it is left out (deleted in HubSpot, or merged into
    another deal: counted in hubspot__deleted_rows), its stage key, whether
    that stage is closed, and its amount.

    Stage: the stage of the deal's own pipeline with its stage id; else, when
    only one pipeline has a stage with that id, that pipeline's stage (listed
    in hubspot__data_quality_warnings); else NULL (the deal then carries its
    raw stage id and staging quarantines it as an invalid stage).
    Amount: the home-currency amount, else the amount as entered; a closed
    deal with neither reads 0 (it still counts as a deal; listed in
    hubspot__data_quality_warnings). #}
with

deals as (
    select * from {{ source_table('hubspot', 'deal') }}
),

merged_deals as (
    select distinct {{ clean_text('merged_deal_id') }} as deal_id
    from {{ source_table('hubspot', 'merged_deal') }}
),

stages as (
    select * from {{ ref('hubspot__pipeline_stages') }}
),

texts as (
    select
        {{ clean_text('deal_id') }} as deal_id,
        {{ clean_text('deal_pipeline_id') }} as pipeline_id,
        {{ clean_text('deal_pipeline_stage_id') }} as stage_id,
        {{ clean_text('owner_id') }} as owner_id,
        {{ clean_text('property_createdate') }} as created_at_text,
        {{ clean_text('property_closedate') }} as closedate_text,
        coalesce(
            {{ clean_text('property_amount_in_home_currency') }},
            {{ clean_text('property_amount') }}
        ) as amount_text,
        {{ clean_text('property_dealtype') }} as dealtype,
        {{ clean_text('property_closed_lost_reason') }} as closed_lost_reason,
        {{ clean_text('_fivetran_synced') }} as synced_at_text,
        {{ hubspot_flag('is_deleted') }} or {{ hubspot_flag('_fivetran_deleted') }} as is_deleted
    from deals
),

staged as (
    select
        texts.*,
        coalesce(own_stages.stage, other_stages.stage) as stage,
        own_stages.stage is null and other_stages.stage is not null as is_stage_of_another_pipeline,
        coalesce(own_stages.is_closed, other_stages.is_closed, false) as is_closed,
        merged_deals.deal_id is not null as is_merged
    from texts
    left join stages as own_stages
        on
            texts.pipeline_id = own_stages.pipeline_id
            and texts.stage_id = own_stages.stage_id
    left join stages as other_stages
        on
            texts.stage_id = other_stages.stage_id
            and other_stages.is_stage_id_unique
    left join merged_deals
        on texts.deal_id = merged_deals.deal_id
)

select
    *,
    case
        when is_deleted then 'deleted'
        when is_merged then 'merged'
    end as excluded_as,
    {{ parse_timestamp('created_at_text') }} as created_at,
    {# The close date as a UTC date (the raw text when it does not parse, so
        staging names the problem). #}
    coalesce(
        cast(cast({{ parse_timestamp('closedate_text') }} as date) as {{ dbt.type_string() }}),
        closedate_text
    ) as expected_close_date_text,
    case when is_closed and amount_text is null then '0' else amount_text end as amount,
    is_closed and amount_text is null as is_closed_without_amount
from staged
