{# The pipeline's stages with their order, win probability and closed/won
    flags, as every model reads them: the seed reference/pipeline_stages on
    the contract source; the stages the CRM defines (or its mapping seed) on
    a source mapping. #}
{%- set source_name = crm_source_name() %}
with

stages as (
    {% if source_name == 'contract' -%}
        select * from {{ ref('pipeline_stages') }}
    {%- else -%}
        select * from {{ ref(source_name ~ '__pipeline_stages') }}
    {%- endif %}
)

select
    cast(stage as {{ dbt.type_string() }}) as stage,
    cast(stage_order as integer) as stage_order,
    cast(win_probability as decimal(9, 6)) as win_probability,
    cast(is_closed as boolean) as is_closed,
    cast(is_won as boolean) as is_won
from stages
