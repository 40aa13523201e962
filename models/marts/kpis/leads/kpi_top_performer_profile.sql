{# The quarter's reps: any closed deal or activity in the quarter. The top
    group is the first ceil(0.2 x reps) of them by won amount, a tie at the
    cut broken by rep_id. Averages are per rep: each rep weighs the same; the
    per-rep averages ship their numerators (sums of the reps' own rates and
    hours) so groups roll up. #}
with

rep_months as (
    select * from {{ ref('int_rep_months') }}
),

leads as (
    select * from {{ ref('fct_leads') }}
),

rep_quarters as (
    select
        quarter,
        rep_id,
        sum(won_count) as won_count,
        sum(won_amount) as won_amount,
        sum(closed_count) as closed_count,
        sum(calls) as calls,
        sum(emails) as emails,
        sum(meetings) as meetings,
        sum(demos) as demos,
        sum(total_activities) as total_activities
    from rep_months
    group by
        quarter,
        rep_id
),

active_rep_quarters as (
    select *
    from rep_quarters
    where closed_count > 0 or total_activities > 0
),

{# Each rep's average response on the leads they own created in the quarter. #}
rep_quarter_responses as (
    select
        cast({{ dbt.date_trunc('quarter', 'created_at') }} as date) as quarter,
        owner_rep_id as rep_id,
        {{ safe_divide('sum(response_seconds)', 'count(*) * 3600', 'decimal(38, 10)') }} as rep_response_hours
    from leads
    where
        is_created_by_as_of
        and is_responded
    group by
        cast({{ dbt.date_trunc('quarter', 'created_at') }} as date),
        owner_rep_id
),

ranked_reps as (
    select
        active_rep_quarters.*,
        {{ safe_divide('active_rep_quarters.won_count', 'active_rep_quarters.closed_count', 'decimal(38, 10)') }}
            as rep_win_rate,
        rep_quarter_responses.rep_response_hours,
        row_number() over (
            partition by active_rep_quarters.quarter
            order by active_rep_quarters.won_amount desc, active_rep_quarters.rep_id asc
        ) as won_amount_position,
        count(*) over (partition by active_rep_quarters.quarter) as quarter_reps
    from active_rep_quarters
    left join rep_quarter_responses
        on
            active_rep_quarters.quarter = rep_quarter_responses.quarter
            and active_rep_quarters.rep_id = rep_quarter_responses.rep_id
),

grouped_reps as (
    select
        *,
        case
            when won_amount_position <= ceil(0.2 * quarter_reps) then 'top_20pct'
            else 'rest'
        end as performer_group
    from ranked_reps
),

groups as (
    select
        quarter,
        performer_group,
        count(*) as reps,
        sum(won_amount) as won_amount,
        sum(case when closed_count > 0 then 1 else 0 end) as reps_with_closed_deals,
        coalesce(sum(rep_win_rate), 0) as sum_of_win_rates,
        sum(calls) as calls,
        sum(emails) as emails,
        sum(meetings) as meetings,
        sum(demos) as demos,
        sum(case when rep_response_hours is not null then 1 else 0 end) as reps_with_responses,
        coalesce(sum(rep_response_hours), 0) as sum_of_response_hours
    from grouped_reps
    group by
        quarter,
        performer_group
)

select
    quarter,
    performer_group,
    cast(reps as {{ dbt.type_bigint() }}) as reps,
    cast(won_amount as decimal(18, 2)) as won_amount,
    {{ safe_divide('won_amount', 'reps', 'decimal(18, 2)') }} as avg_won_amount,
    cast(reps_with_closed_deals as {{ dbt.type_bigint() }}) as reps_with_closed_deals,
    cast(sum_of_win_rates as decimal(18, 6)) as sum_of_win_rates,
    {{ safe_divide('sum_of_win_rates', 'reps_with_closed_deals') }} as avg_win_rate,
    cast(calls as {{ dbt.type_bigint() }}) as calls,
    cast(emails as {{ dbt.type_bigint() }}) as emails,
    cast(meetings as {{ dbt.type_bigint() }}) as meetings,
    cast(demos as {{ dbt.type_bigint() }}) as demos,
    {{ safe_divide('calls', 'reps', 'decimal(18, 6)') }} as avg_calls,
    {{ safe_divide('emails', 'reps', 'decimal(18, 6)') }} as avg_emails,
    {{ safe_divide('meetings', 'reps', 'decimal(18, 6)') }} as avg_meetings,
    {{ safe_divide('demos', 'reps', 'decimal(18, 6)') }} as avg_demos,
    cast(reps_with_responses as {{ dbt.type_bigint() }}) as reps_with_responses,
    cast(sum_of_response_hours as decimal(18, 6)) as sum_of_response_hours,
    {{ safe_divide('sum_of_response_hours', 'reps_with_responses', 'decimal(18, 6)') }} as avg_response_hours
from groups
