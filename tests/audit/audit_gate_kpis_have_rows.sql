-- Layout and quoting are not linted: this test's loops generate 45 KB of SQL,
-- where sqlfluff reports no problem of either but their rules took most of
-- make lint's time (references.quoting alone 6.6 s of this file's 12 s).
-- sqlfluff:exclude_rules:structure.column_order,layout,references.quoting
{# Gate: a KPI view that is empty while every staged table it reads
    (directly or through other models) has rows fails the build before
    anything is published (a month spine cut short, a join that lost every
    row). The var audit_kpis_that_may_be_empty
    lists views that can be empty on healthy data. #}
-- depends_on: {{ ref('kpi_bookings') }}
-- depends_on: {{ ref('kpi_customer_acquisition_cost') }}
-- depends_on: {{ ref('kpi_customer_lifetime_value') }}
-- depends_on: {{ ref('kpi_customer_retention') }}
-- depends_on: {{ ref('kpi_employee_satisfaction') }}
-- depends_on: {{ ref('kpi_mrr') }}
-- depends_on: {{ ref('kpi_nps') }}
-- depends_on: {{ ref('kpi_revenue') }}
-- depends_on: {{ ref('kpi_upsell_cross_sell') }}
-- depends_on: {{ ref('kpi_average_deal_size') }}
-- depends_on: {{ ref('kpi_forecast_accuracy') }}
-- depends_on: {{ ref('kpi_opportunities_created') }}
-- depends_on: {{ ref('kpi_pipeline_coverage') }}
-- depends_on: {{ ref('kpi_pipeline_velocity') }}
-- depends_on: {{ ref('kpi_sales_cycle') }}
-- depends_on: {{ ref('kpi_sales_formula') }}
-- depends_on: {{ ref('kpi_stage_conversion') }}
-- depends_on: {{ ref('kpi_stage_distribution') }}
-- depends_on: {{ ref('kpi_stage_duration') }}
-- depends_on: {{ ref('kpi_stalled_deals') }}
-- depends_on: {{ ref('kpi_weighted_pipeline') }}
-- depends_on: {{ ref('kpi_win_rate') }}
-- depends_on: {{ ref('kpi_cost_per_lead') }}
-- depends_on: {{ ref('kpi_lead_conversion') }}
-- depends_on: {{ ref('kpi_lead_funnel') }}
-- depends_on: {{ ref('kpi_lead_response_time') }}
-- depends_on: {{ ref('kpi_lead_responses') }}
-- depends_on: {{ ref('kpi_new_leads') }}
-- depends_on: {{ ref('kpi_rep_performance') }}
-- depends_on: {{ ref('kpi_sales_activities') }}
-- depends_on: {{ ref('kpi_top_performer_profile') }}
{#- For each KPI view: the staging models it reads, directly or through
    other models. -#}
{%- set checks = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model' and node.name.startswith('kpi_')
        and node.name not in var('audit_kpis_that_may_be_empty') -%}
        {#- Breadth first; the queue holds each model once. -#}
        {%- set queue = node.depends_on.nodes | list -%}
        {%- set staged = [] -%}
        {%- for unique_id in queue if unique_id.startswith('model.') -%}
            {%- set upstream = graph.nodes[unique_id] -%}
            {%- if upstream.name.startswith('stg_crm__') -%}
                {%- do staged.append(upstream) -%}
            {%- else -%}
                {%- do queue.extend(upstream.depends_on.nodes | reject('in', queue)) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do checks.append((node, staged)) -%}
    {%- endfor -%}
{%- endif %}
with

counts as (
    {% for node, inputs in checks %}
        select
            '{{ node.name }}' as kpi,
            (select count(*) from {{ node.relation_name }}) as kpi_rows,
            '{{ inputs | map(attribute="name") | join(", ") }}' as inputs,
            least(
                {% for input in inputs %}
                    (select count(*) from {{ input.relation_name }}){% if not loop.last %},{% endif %}
                {% endfor %}
            ) as fewest_input_rows
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select
    kpi || ' is empty although every staged table it reads has rows (' || inputs
    || '); look for a table lost to quarantine in audit_table_health or an as_of before the data' as message
from counts
where kpi_rows = 0 and fewest_input_rows > 0
