with

pipeline as (
    select * from {{ ref('int_pipeline_month_boundaries') }}
),

stage_entries as (
    select * from {{ ref('fct_opportunity_stages') }}
),

transitions as (
    select * from {{ ref('int_stage_transitions') }}
),

{# Deals open now: open at the end of the as_of month, which for that month
    is the end of the as_of day. #}
open_deals as (
    select
        opportunity_id,
        rep_id,
        stage_at_end as stage,
        amount
    from pipeline
    where
        is_open_at_end
        and month = cast({{ dbt.date_trunc('month', as_of_date()) }} as date)
),

current_entries as (
    select
        opportunity_id,
        entered_at
    from stage_entries
    where
        is_entered_by_as_of
        and not is_exited_by_as_of
),

stage_averages as (
    select
        stage,
        {{ safe_divide('sum(seconds_in_stage)', '86400 * count(*)', 'decimal(18, 6)') }} as stage_avg_days
    from transitions
    group by stage
),

measured as (
    select
        open_deals.opportunity_id,
        open_deals.rep_id,
        open_deals.stage,
        open_deals.amount,
        current_entries.entered_at as stage_entered_at,
        {{ safe_divide(
            dbt.datediff('current_entries.entered_at', as_of_end(), 'second'), '86400', 'decimal(18, 6)',
        ) }} as days_in_stage,
        stage_averages.stage_avg_days
    from open_deals
    left join current_entries
        on open_deals.opportunity_id = current_entries.opportunity_id
    left join stage_averages
        on open_deals.stage = stage_averages.stage
)

select
    opportunity_id,
    rep_id,
    stage,
    cast(amount as decimal(18, 2)) as amount,
    stage_entered_at,
    days_in_stage,
    stage_avg_days,
    coalesce(days_in_stage > 2 * stage_avg_days, false) as is_stalled
from measured
