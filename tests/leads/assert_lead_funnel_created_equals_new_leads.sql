-- The funnel's first step equals kpi_new_leads per month and channel, and so
-- do the cohort sizes of kpi_lead_conversion and kpi_lead_response_time (a
-- month and channel present in one view and missing in another fails too).
with

new_leads as (
    select * from {{ ref('kpi_new_leads') }}
),

funnel as (
    select * from {{ ref('kpi_lead_funnel') }}
),

conversion as (
    select * from {{ ref('kpi_lead_conversion') }}
),

response_time as (
    select * from {{ ref('kpi_lead_response_time') }}
),

created_step as (
    select
        month,
        source_channel,
        leads_at_step as created_leads
    from funnel
    where funnel_step = 'created'
),

response_time_leads as (
    select
        month,
        source_channel,
        sum(leads) as leads
    from response_time
    group by
        month,
        source_channel
),

compared as (
    select
        coalesce(new_leads.month, created_step.month) as month,
        coalesce(new_leads.source_channel, created_step.source_channel) as source_channel,
        new_leads.new_leads,
        created_step.created_leads,
        conversion.leads as conversion_leads,
        response_time_leads.leads as response_time_leads
    from new_leads
    full outer join created_step
        on
            new_leads.month = created_step.month
            and new_leads.source_channel = created_step.source_channel
    left join conversion
        on
            coalesce(new_leads.month, created_step.month) = conversion.month
            and coalesce(new_leads.source_channel, created_step.source_channel) = conversion.source_channel
    left join response_time_leads
        on
            coalesce(new_leads.month, created_step.month) = response_time_leads.month
            and coalesce(new_leads.source_channel, created_step.source_channel) = response_time_leads.source_channel
)

select *
from compared
where
    new_leads is null
    or created_leads is null
    or conversion_leads is null
    or response_time_leads is null
    or new_leads <> created_leads
    or new_leads <> conversion_leads
    or new_leads <> response_time_leads
