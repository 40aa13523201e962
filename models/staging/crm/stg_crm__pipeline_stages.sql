{# The pipelines' stages with their order, win probability and closed/won
    flags, as every model reads them: the seed reference/pipeline_stages (one
    pipeline, 'default') on the contract source; the stages the CRM defines
    (or its mapping seed) on a source mapping, whose <source>__pipeline_stages
    also names each stage's pipeline. Stage names are unique across
    pipelines (a mapping prefixes them with the pipeline's name). #}
{%- set source_name = crm_source_name() %}
with

stages as (
    {% if source_name == 'contract' -%}
        select
            'default' as pipeline,
            stage,
            stage_order,
            win_probability,
            is_closed,
            is_won
        from {{ ref('pipeline_stages') }}
    {%- else -%}
        select * from {{ ref(source_name ~ '__pipeline_stages') }}
    {%- endif %}
)

select
    cast(pipeline as {{ dbt.type_string() }}) as pipeline,
    cast(stage as {{ dbt.type_string() }}) as stage,
    cast(stage_order as integer) as stage_order,
    cast(win_probability as decimal(9, 6)) as win_probability,
    cast(is_closed as boolean) as is_closed,
    cast(is_won as boolean) as is_won
from stages
