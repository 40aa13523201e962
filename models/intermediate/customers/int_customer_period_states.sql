{# Who was a customer at each end of each period: one row per period of
    int_customer_periods and account that was a customer on the period's
    start_snapshot_date (the day before it starts) or on its
    end_snapshot_date (its last day, or the as_of day). Customer on day d =
    d falls in one of the account's int_customer_spans. An account that
    became a customer and churned inside the period has no row. With the
    account's MRR on both days: the mrr of its subscriptions active that day
    (start_date <= d < end_date), the one definition of MRR.

    Both are found once per snapshot day (a day ends one period and starts
    the next, and months, quarters and years share their days), then joined
    to the periods by day: half the CPU of joining every period to every
    span and subscription that overlaps it (docs/speed.md). #}
with

periods as (
    select * from {{ ref('int_customer_periods') }}
),

spans as (
    select * from {{ ref('int_customer_spans') }}
),

subscriptions as (
    select * from {{ ref('stg_crm__subscriptions') }}
),

snapshot_days as (
    select start_snapshot_date as snapshot_date from periods
    union
    select end_snapshot_date as snapshot_date from periods
),

{# An open end is the last date: two range conditions without an OR, which
    the engine joins by ranges. An account's spans never overlap, so it has
    at most one row a day. #}
customer_days as (
    select
        snapshot_days.snapshot_date,
        spans.account_id
    from snapshot_days
    inner join spans
        on
            snapshot_days.snapshot_date >= spans.span_start_date
            and snapshot_days.snapshot_date < coalesce(spans.span_end_date, cast('9999-12-31' as date))
),

mrr_days as (
    select
        snapshot_days.snapshot_date,
        subscriptions.account_id,
        sum(subscriptions.mrr_amount) as mrr_amount
    from snapshot_days
    inner join subscriptions
        on
            snapshot_days.snapshot_date >= subscriptions.start_date
            and snapshot_days.snapshot_date < coalesce(subscriptions.end_date, cast('9999-12-31' as date))
    group by
        snapshot_days.snapshot_date,
        subscriptions.account_id
),

{# A customer's MRR that day; an account with a subscription active on a day
    is a customer on it, so a day it is not one has no MRR (0 below). #}
customer_days_mrr as (
    select
        customer_days.snapshot_date,
        customer_days.account_id,
        mrr_days.mrr_amount
    from customer_days
    left join mrr_days
        on
            customer_days.snapshot_date = mrr_days.snapshot_date
            and customer_days.account_id = mrr_days.account_id
),

at_start as (
    select
        periods.period_type,
        periods.period_start,
        customer_days_mrr.account_id,
        customer_days_mrr.mrr_amount
    from periods
    inner join customer_days_mrr
        on periods.start_snapshot_date = customer_days_mrr.snapshot_date
),

at_end as (
    select
        periods.period_type,
        periods.period_start,
        customer_days_mrr.account_id,
        customer_days_mrr.mrr_amount
    from periods
    inner join customer_days_mrr
        on periods.end_snapshot_date = customer_days_mrr.snapshot_date
),

states as (
    select
        coalesce(at_start.period_type, at_end.period_type) as period_type,
        coalesce(at_start.period_start, at_end.period_start) as period_start,
        coalesce(at_start.account_id, at_end.account_id) as account_id,
        at_start.account_id is not null as is_customer_at_start,
        at_end.account_id is not null as is_customer_at_end,
        coalesce(at_start.mrr_amount, 0) as mrr_at_start_amount,
        coalesce(at_end.mrr_amount, 0) as mrr_at_end_amount
    from at_start
    full outer join at_end
        on
            at_start.period_type = at_end.period_type
            and at_start.period_start = at_end.period_start
            and at_start.account_id = at_end.account_id
)

select
    states.period_type,
    states.period_start,
    periods.start_snapshot_date,
    periods.end_snapshot_date,
    states.account_id,
    states.is_customer_at_start,
    states.is_customer_at_end,
    states.is_customer_at_end and not states.is_customer_at_start as is_new_customer,
    states.is_customer_at_start and states.is_customer_at_end as is_retained_customer,
    states.is_customer_at_start and not states.is_customer_at_end as is_churned_customer,
    cast(states.mrr_at_start_amount as decimal(18, 2)) as mrr_at_start_amount,
    cast(states.mrr_at_end_amount as decimal(18, 2)) as mrr_at_end_amount
from states
inner join periods
    on
        states.period_type = periods.period_type
        and states.period_start = periods.period_start
