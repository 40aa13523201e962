{# Point-in-time pipeline: one row per deal and month for every deal open
    at the start or at the end of the month, with the stage it was in at each
    boundary, rebuilt from stage history (no snapshots needed).

    Start of month M: the instant M-01 00:00:00 UTC; an event at exactly that
    instant has happened (created_at <= start, closed_at <= start means closed).
    End of month M: just before the next month starts, or for the month of
    as_of the end of the as_of day; an event has happened if it is strictly
    before month_end_at. So a deal closed at 00:00:00 on the 1st is open at the
    end of the previous month and closed at the start of its close month.

    Open at T (the catalogue's definition): created by T and not closed by T
    (closed_at null or later). A deal's closed_at is its final close, so a
    deal lost and later reopened is open between the two, in the stage it was
    in then (closed_lost, win probability 0). The stage at T is the stage of
    its last stage-history entry at or before T; a deal with history that
    starts after T has stage 'unknown' at T. Amounts are the deal's
    current amount (the CRM keeps no amount history). The stage's win
    probability comes from the pipeline_stages seed (NULL for 'unknown'). A
    deal is due in the month when its expected_close_date falls in it. #}
with

deals as (
    select * from {{ ref('fct_opportunities') }}
),

{# A current stage has no exit: bound it far in the future, so the joins
   below are plain equality + range conditions that the engine can hash on
   opportunity_id (an OR in a left join's condition forces a nested loop). #}
stage_entries as (
    select
        opportunity_id,
        stage,
        stage_order,
        entered_at,
        coalesce(exited_at, cast('9999-12-31' as {{ dbt.type_timestamp() }})) as exited_before
    from {{ ref('fct_opportunity_stages') }}
),

months as (
    select * from {{ ref('dim_months') }}
),

pipeline_stages as (
    select * from {{ ref('stg_crm__pipeline_stages') }}
),

{# The months a deal is open in. An open deal closes at the last date: two
    range conditions without an OR, which the engine joins by ranges. #}
deal_months as (
    select
        months.month,
        months.month_start_at,
        months.month_end_at,
        deals.opportunity_id,
        deals.rep_id,
        deals.product_line,
        deals.lead_source,
        deals.opportunity_type,
        deals.amount,
        deals.expected_close_date,
        deals.created_at,
        deals.closed_at
    from deals
    inner join months
        on
            deals.created_at < months.month_end_at
            and coalesce(deals.closed_at, cast('9999-12-31' as {{ dbt.type_timestamp() }})) > months.month_start_at
),

with_stages as (
    select
        deal_months.*,
        coalesce(at_start.stage, 'unknown') as stage_at_start,
        coalesce(at_start.stage_order, 0) as stage_order_at_start,
        coalesce(at_end.stage, 'unknown') as stage_at_end,
        coalesce(at_end.stage_order, 0) as stage_order_at_end
    from deal_months
    left join stage_entries as at_start
        on
            deal_months.opportunity_id = at_start.opportunity_id
            and deal_months.month_start_at >= at_start.entered_at
            and deal_months.month_start_at < at_start.exited_before
    left join stage_entries as at_end
        on
            deal_months.opportunity_id = at_end.opportunity_id
            and deal_months.month_end_at > at_end.entered_at
            and deal_months.month_end_at <= at_end.exited_before
),

flagged as (
    select
        *,
        created_at <= month_start_at
        and (closed_at is null or closed_at > month_start_at) as is_open_at_start,
        created_at < month_end_at
        and (closed_at is null or closed_at >= month_end_at) as is_open_at_end
    from with_stages
)

select
    flagged.month,
    flagged.opportunity_id,
    flagged.rep_id,
    flagged.product_line,
    flagged.lead_source,
    flagged.opportunity_type,
    flagged.amount,
    flagged.expected_close_date,
    coalesce(
        flagged.expected_close_date >= flagged.month
        and flagged.expected_close_date < {{ dbt.dateadd('month', 1, 'flagged.month') }},
        false
    ) as is_due_in_month,
    flagged.is_open_at_start,
    flagged.stage_at_start,
    flagged.stage_order_at_start,
    stages_at_start.win_probability as win_probability_at_start,
    flagged.is_open_at_end,
    flagged.stage_at_end,
    flagged.stage_order_at_end,
    stages_at_end.win_probability as win_probability_at_end
from flagged
left join pipeline_stages as stages_at_start
    on flagged.stage_at_start = stages_at_start.stage
left join pipeline_stages as stages_at_end
    on flagged.stage_at_end = stages_at_end.stage
where flagged.is_open_at_start or flagged.is_open_at_end
