{# Who was a customer at each end of each period: one row per period of
    int_customer_periods and account that was a customer on the period's
    start_snapshot_date (the day before it starts) or on its
    end_snapshot_date (its last day, or the as_of day). Customer on day d =
    d falls in one of the account's int_customer_spans. An account that
    became a customer and churned inside the period has no row. #}
with

periods as (
    select * from {{ ref('int_customer_periods') }}
),

spans as (
    select * from {{ ref('int_customer_spans') }}
),

{# Spans that overlap the days from start_snapshot_date to end_snapshot_date. #}
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
            and (spans.span_end_date is null or periods.start_snapshot_date < spans.span_end_date)
    group by
        periods.period_type,
        periods.period_start,
        periods.start_snapshot_date,
        periods.end_snapshot_date,
        spans.account_id
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
    period_type,
    period_start,
    start_snapshot_date,
    end_snapshot_date,
    account_id,
    is_customer_at_start,
    is_customer_at_end,
    is_customer_at_end and not is_customer_at_start as is_new_customer,
    is_customer_at_start and is_customer_at_end as is_retained_customer,
    is_customer_at_start and not is_customer_at_end as is_churned_customer
from states
