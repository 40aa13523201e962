-- kpi_mrr by hand, over the same staging and intermediate tables. An ASOF
-- join finds the customer span in force the day before each subscription
-- starts (spans of an account never overlap); movements are grouped by the
-- month their date falls in; a month has a row when a subscription overlaps it.
with months as (
    select period_start, end_snapshot_date
    from intermediate.int_customer_periods
    where period_type = 'month'
),

subscriptions as (
    select
        s.start_date,
        s.end_date,
        s.mrr_amount,
        spans.account_id is null
        or s.start_date > coalesce(spans.span_end_date, date '9999-12-31') as is_new_customer
    from staging.stg_crm__subscriptions as s
    asof left join intermediate.int_customer_spans as spans
        on s.account_id = spans.account_id and s.start_date > spans.span_start_date
),

starts as (
    select
        months.period_start,
        sum(mrr_amount) filter (where is_new_customer) as new_mrr,
        sum(mrr_amount) filter (where not is_new_customer) as expansion_mrr
    from months
    join subscriptions
        on date_trunc('month', start_date) = months.period_start
        and start_date <= months.end_snapshot_date
    group by all
),

ends as (
    select months.period_start, sum(mrr_amount) as churned_mrr
    from months
    join subscriptions
        on date_trunc('month', end_date) = months.period_start
        and end_date <= months.end_snapshot_date
    group by all
),

covered_months as (
    select period_start
    from months
    where exists (
        select 1 from subscriptions
        where start_date <= months.end_snapshot_date
            and coalesce(end_date, date '9999-12-31') >= months.period_start
    )
),

states as (
    select
        period_start,
        sum(mrr_at_start_amount) as starting_mrr,
        sum(mrr_at_end_amount) as ending_mrr,
        count(*) filter (where is_customer_at_end) as active_customers
    from main.int_customer_period_states
    where period_type = 'month'
    group by all
)

select
    covered_months.period_start as month,
    coalesce(states.starting_mrr, 0)::decimal(18, 2),
    coalesce(starts.new_mrr, 0)::decimal(18, 2),
    coalesce(starts.expansion_mrr, 0)::decimal(18, 2),
    coalesce(ends.churned_mrr, 0)::decimal(18, 2),
    coalesce(states.ending_mrr, 0)::decimal(18, 2),
    (12 * coalesce(states.ending_mrr, 0))::decimal(18, 2),
    coalesce(states.active_customers, 0)::bigint
from covered_months
left join starts using (period_start)
left join ends using (period_start)
left join states using (period_start)
