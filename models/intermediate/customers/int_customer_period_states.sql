{# Who was a customer at each end of each period: one row per period of
    int_customer_periods and account that was a customer on the period's
    start_snapshot_date (the day before it starts) or on its
    end_snapshot_date (its last day, or the as_of day). Customer on day d =
    d falls in one of the account's int_customer_spans. An account that
    became a customer and churned inside the period has no row. With the
    account's MRR on both days: the mrr of its subscriptions active that day
    (start_date <= d < end_date), the one definition of MRR. #}
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

{# Spans that overlap the days from start_snapshot_date to end_snapshot_date.
    Here and below an open end is the last date: two range conditions without
    an OR, which the engine joins by ranges. #}
account_periods as (
    select
        periods.period_type,
        periods.period_start,
        periods.start_snapshot_date,
        periods.end_snapshot_date,
        spans.account_id,
        max(
            case
                when
                    spans.span_start_date <= periods.start_snapshot_date
                    and (spans.span_end_date is null or spans.span_end_date > periods.start_snapshot_date)
                    then 1
                else 0
            end
        ) as customer_at_start,
        max(
            case
                when
                    spans.span_start_date <= periods.end_snapshot_date
                    and (spans.span_end_date is null or spans.span_end_date > periods.end_snapshot_date)
                    then 1
                else 0
            end
        ) as customer_at_end
    from periods
    inner join spans
        on
            periods.end_snapshot_date >= spans.span_start_date
            and periods.start_snapshot_date < coalesce(spans.span_end_date, cast('9999-12-31' as date))
    group by
        periods.period_type,
        periods.period_start,
        periods.start_snapshot_date,
        periods.end_snapshot_date,
        spans.account_id
),

{# Subscriptions active on the start or the end snapshot day. #}
account_period_mrr as (
    select
        periods.period_type,
        periods.period_start,
        subscriptions.account_id,
        sum(
            case
                when
                    subscriptions.start_date <= periods.start_snapshot_date
                    and (subscriptions.end_date is null or subscriptions.end_date > periods.start_snapshot_date)
                    then subscriptions.mrr_amount
                else 0
            end
        ) as mrr_at_start_amount,
        sum(
            case
                when
                    subscriptions.start_date <= periods.end_snapshot_date
                    and (subscriptions.end_date is null or subscriptions.end_date > periods.end_snapshot_date)
                    then subscriptions.mrr_amount
                else 0
            end
        ) as mrr_at_end_amount
    from periods
    inner join subscriptions
        on
            periods.end_snapshot_date >= subscriptions.start_date
            and periods.start_snapshot_date < coalesce(subscriptions.end_date, cast('9999-12-31' as date))
    group by
        periods.period_type,
        periods.period_start,
        subscriptions.account_id
),

states as (
    select
        period_type,
        period_start,
        start_snapshot_date,
        end_snapshot_date,
        account_id,
        customer_at_start = 1 as is_customer_at_start,
        customer_at_end = 1 as is_customer_at_end
    from account_periods
    where customer_at_start = 1 or customer_at_end = 1
)

select
    states.period_type,
    states.period_start,
    states.start_snapshot_date,
    states.end_snapshot_date,
    states.account_id,
    states.is_customer_at_start,
    states.is_customer_at_end,
    states.is_customer_at_end and not states.is_customer_at_start as is_new_customer,
    states.is_customer_at_start and states.is_customer_at_end as is_retained_customer,
    states.is_customer_at_start and not states.is_customer_at_end as is_churned_customer,
    cast(coalesce(account_period_mrr.mrr_at_start_amount, 0) as decimal(18, 2)) as mrr_at_start_amount,
    cast(coalesce(account_period_mrr.mrr_at_end_amount, 0) as decimal(18, 2)) as mrr_at_end_amount
from states
left join account_period_mrr
    on
        states.period_type = account_period_mrr.period_type
        and states.period_start = account_period_mrr.period_start
        and states.account_id = account_period_mrr.account_id
