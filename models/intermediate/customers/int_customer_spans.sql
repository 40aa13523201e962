{# Customer spans: the continuous stretches of days on which an account was a
    customer (had at least one subscription active), merged across
    overlapping and back-to-back subscriptions (gaps and islands). A
    subscription is active on day d when start_date <= d < end_date (end_date
    exclusive, NULL = still running); one that never had an active day
    (end_date = start_date) or starts after as_of is left out. A span starts
    when no earlier subscription of the account is still active on the day
    before; it ends on the first day none is. #}
with

subscriptions as (
    select * from {{ ref('stg_crm__subscriptions') }}
),

active_subscriptions as (
    select
        subscription_id,
        account_id,
        start_date,
        coalesce(end_date, cast('9999-12-31' as date)) as end_date_or_open
    from subscriptions
    where
        start_date <= {{ as_of_date() }}
        and (end_date is null or end_date > start_date)
),

{# The latest end among the account's earlier subscriptions. #}
with_earlier_end as (
    select
        *,
        max(end_date_or_open) over (
            partition by account_id
            order by start_date, subscription_id
            rows between unbounded preceding and 1 preceding
        ) as earlier_end_date
    from active_subscriptions
),

{# A gap before the start (or no earlier subscription) opens a new span. #}
numbered as (
    select
        *,
        sum(
            case
                when earlier_end_date is null or earlier_end_date < start_date then 1
                else 0
            end
        ) over (
            partition by account_id
            order by start_date, subscription_id
            rows between unbounded preceding and current row
        ) as span_number
    from with_earlier_end
),

spans as (
    select
        account_id,
        span_number,
        min(start_date) as span_start_date,
        max(end_date_or_open) as span_end_date_or_open,
        count(*) as subscription_count
    from numbered
    group by
        account_id,
        span_number
)

select
    account_id,
    cast(span_number as {{ dbt.type_bigint() }}) as span_number,
    span_start_date,
    case
        when span_end_date_or_open < cast('9999-12-31' as date) then span_end_date_or_open
    end as span_end_date,
    cast(subscription_count as {{ dbt.type_bigint() }}) as subscription_count
from spans
