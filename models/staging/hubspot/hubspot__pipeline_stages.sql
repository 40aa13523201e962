{# The stages of every deal pipeline, one row per pipeline and stage, as
    stg_crm__pipeline_stages reads them. A stage id is unique only within its
    pipeline, so the conformed stage key is '<pipeline label> <stage label>'
    normalised as staging normalises labels ('Sales Pipeline' + 'Closed Won'
    = sales_pipeline_closed_won). stage_order numbers the stages pipeline by
    pipeline (in the pipelines' display order), and within a pipeline its
    open stages in display order, then its won, then its lost stages: two
    pipelines never interleave, and a pipeline's last open stage is followed
    by its own won stage. From deal_pipeline and deal_pipeline_stage (deleted
    stages and the stages of deleted pipelines left out), or from the seed
    reference/hubspot_stages with the var hubspot_stages_from_seed. #}
-- depends_on: {{ ref('hubspot_stages') }}
with

stages as (
    {% if flag_var('hubspot_stages_from_seed') -%}
        select
            {{ clean_text('pipeline_id') }} as pipeline_id,
            {{ clean_text('pipeline_label') }} as pipeline_label,
            pipeline_display_order,
            {{ clean_text('stage_id') }} as stage_id,
            {{ clean_text('stage_label') }} as stage_label,
            display_order,
            probability,
            is_closed,
            closed_won
        from {{ ref('hubspot_stages') }}
    {%- else -%}
        select
            {{ clean_text('pipeline_stages.pipeline_id') }} as pipeline_id,
            {{ clean_text('pipelines.label') }} as pipeline_label,
            pipelines.display_order as pipeline_display_order,
            {{ clean_text('pipeline_stages.stage_id') }} as stage_id,
            {{ clean_text('pipeline_stages.label') }} as stage_label,
            pipeline_stages.display_order,
            pipeline_stages.probability,
            pipeline_stages.is_closed,
            pipeline_stages.closed_won
        from {{ source_table('hubspot', 'deal_pipeline_stage') }} as pipeline_stages
        left join {{ source_table('hubspot', 'deal_pipeline') }} as pipelines
            on {{ clean_text('pipeline_stages.pipeline_id') }} = {{ clean_text('pipelines.pipeline_id') }}
        where
            not {{ hubspot_flag('pipeline_stages._fivetran_deleted') }}
            and not {{ hubspot_flag('pipelines._fivetran_deleted') }}
    {%- endif %}
),

{# A pipeline missing from deal_pipeline is named by its id, a stage without
    a label by its id. #}
keyed as (
    select
        pipeline_id,
        stage_id,
        coalesce(pipeline_label, pipeline_id) as pipeline,
        {{ normalize_label(dbt.concat([
            "coalesce(pipeline_label, pipeline_id)", "' '", "coalesce(stage_label, stage_id)",
        ])) }} as stage,
        {{ parse_decimal(clean_text('pipeline_display_order'), 18, 6) }} as pipeline_display_order,
        {{ parse_decimal(clean_text('display_order'), 18, 6) }} as display_order,
        {{ parse_decimal(clean_text('probability'), 18, 6) }} as probability,
        {{ hubspot_flag('closed_won') }} as is_won,
        {{ hubspot_flag('is_closed') }} or {{ hubspot_flag('closed_won') }} as is_closed
    from stages
)

select
    pipeline_id,
    stage_id,
    pipeline,
    stage,
    cast(row_number() over (
        order by
            pipeline_display_order asc nulls last,
            pipeline asc,
            pipeline_id asc,
            case when is_won then 1 when is_closed then 2 else 0 end asc,
            display_order asc nulls last,
            stage asc
    ) as integer) as stage_order,
    cast(
        coalesce(probability, case when is_won then 1 when is_closed then 0 end)
        as decimal(9, 6)
    ) as win_probability,
    is_closed,
    is_won,
    count(*) over (partition by stage_id) = 1 as is_stage_id_unique
from keyed
