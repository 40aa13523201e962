{# Deals the mapping keeps but had to read with an assumption, one row per
    deal and problem, in the form of audit_data_quality_warnings (which
    unions them): a current stage that belongs to another pipeline than the
    deal's (read as that pipeline's stage), and a closed deal without amount
    (read as 0). record_key is the deal_id. #}
with

deals as (
    select * from {{ ref('base_hubspot__deals') }}
    where excluded_as is null
)

select
    'opportunities' as source_table,
    coalesce(deal_id, '') as record_key,
    'deal_pipeline_stage_id' as column_name,
    stage_id as column_value,
    'a stage of another pipeline than deal_pipeline_id: read as that pipeline''s stage' as warning
from deals
where is_stage_of_another_pipeline

union all

select
    'opportunities' as source_table,
    coalesce(deal_id, '') as record_key,
    'property_amount' as column_name,
    cast(null as {{ dbt.type_string() }}) as column_value,
    'closed deal without amount: read as 0 (it still counts as a deal)' as warning
from deals
where is_closed_without_amount
