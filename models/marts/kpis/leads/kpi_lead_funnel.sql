{# Steps are cumulative: a lead that reached a later step counts at every
    earlier one, so the funnel never widens. #}
with

leads as (
    select * from {{ ref('fct_leads') }}
),

leads_by_as_of as (
    select *
    from leads
    where is_created_by_as_of
),

lead_steps as (
    select
        created_month,
        source_channel,
        is_won_by_as_of as reached_won,
        is_converted or is_won_by_as_of as reached_opportunity,
        status in ('qualified', 'converted') or is_converted or is_won_by_as_of as reached_qualified,
        is_responded or status in ('qualified', 'converted') or is_converted or is_won_by_as_of as reached_contacted
    from leads_by_as_of
),

cohorts as (
    select
        created_month as month,
        source_channel,
        count(*) as created_leads,
        sum(case when reached_contacted then 1 else 0 end) as contacted_leads,
        sum(case when reached_qualified then 1 else 0 end) as qualified_leads,
        sum(case when reached_opportunity then 1 else 0 end) as opportunity_leads,
        sum(case when reached_won then 1 else 0 end) as won_leads
    from lead_steps
    group by
        created_month,
        source_channel
),

funnel_steps as (
    select
        month,
        source_channel,
        'created' as funnel_step,
        1 as step_order,
        created_leads as leads_at_step,
        created_leads as cohort_leads,
        cast(null as {{ dbt.type_bigint() }}) as previous_step_leads
    from cohorts

    union all

    select
        month,
        source_channel,
        'contacted' as funnel_step,
        2 as step_order,
        contacted_leads as leads_at_step,
        created_leads as cohort_leads,
        created_leads as previous_step_leads
    from cohorts

    union all

    select
        month,
        source_channel,
        'qualified' as funnel_step,
        3 as step_order,
        qualified_leads as leads_at_step,
        created_leads as cohort_leads,
        contacted_leads as previous_step_leads
    from cohorts

    union all

    select
        month,
        source_channel,
        'opportunity' as funnel_step,
        4 as step_order,
        opportunity_leads as leads_at_step,
        created_leads as cohort_leads,
        qualified_leads as previous_step_leads
    from cohorts

    union all

    select
        month,
        source_channel,
        'won' as funnel_step,
        5 as step_order,
        won_leads as leads_at_step,
        created_leads as cohort_leads,
        opportunity_leads as previous_step_leads
    from cohorts
)

select
    month,
    source_channel,
    funnel_step,
    cast(step_order as integer) as step_order,
    cast(leads_at_step as {{ dbt.type_bigint() }}) as leads_at_step,
    cast(cohort_leads as {{ dbt.type_bigint() }}) as cohort_leads,
    cast(previous_step_leads as {{ dbt.type_bigint() }}) as previous_step_leads,
    {{ safe_divide('leads_at_step', 'cohort_leads') }} as pct_of_leads,
    {{ safe_divide('leads_at_step', 'previous_step_leads') }} as pct_of_previous_step
from funnel_steps
