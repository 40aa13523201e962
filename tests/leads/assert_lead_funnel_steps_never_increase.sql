-- Funnel steps never increase: in every cohort (month, source_channel) each
-- step has at most as many leads as the step before it. Returns offending steps.
with

funnel as (
    select * from {{ ref('kpi_lead_funnel') }}
)

select
    later_step.month,
    later_step.source_channel,
    later_step.funnel_step,
    later_step.leads_at_step,
    earlier_step.leads_at_step as previous_leads_at_step
from funnel as later_step
inner join funnel as earlier_step
    on
        later_step.month = earlier_step.month
        and later_step.source_channel = earlier_step.source_channel
        and later_step.step_order = earlier_step.step_order + 1
where later_step.leads_at_step > earlier_step.leads_at_step
