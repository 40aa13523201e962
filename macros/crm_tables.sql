{#- The 17 raw tables of the input contract (../shared/raw_crm_schema.md),
    for the staging models that cover all of them at once (quarantine, row
    counts). -#}
{% macro crm_tables() -%}
    {{ return([
        'reps', 'accounts', 'products', 'campaigns', 'leads', 'opportunities',
        'opportunity_stage_history', 'activities', 'quotas', 'forecasts', 'invoices',
        'subscriptions', 'costs', 'web_traffic', 'nps_responses', 'employee_surveys',
        'fx_rates',
    ]) }}
{%- endmacro %}
