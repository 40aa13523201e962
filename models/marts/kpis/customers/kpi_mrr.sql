{# Starting and ending MRR are the customers' MRR on the month's snapshot
    days (int_customer_period_states, where MRR is defined); the movements
    come from the subscriptions that start or end in the month, so starting +
    new + expansion - churned = ending checks the two against each other. #}
with

subscriptions as (
    select * from {{ ref('stg_crm__subscriptions') }}
),

spans as (
    select * from {{ ref('int_customer_spans') }}
),

months as (
    select * from {{ ref('int_customer_periods') }}
    where period_type = 'month'
),

states as (
    select * from {{ ref('int_customer_period_states') }}
    where period_type = 'month'
),

{# A started subscription is new business when its account was not a
    customer on the day before it started: no span covers that day. An open
    span ends on the last date, so the join has no OR and runs as a hash join
    on the account (with an OR it tested every span against every
    subscription). #}
subscriptions_classified as (
    select
        subscriptions.subscription_id,
        subscriptions.start_date,
        subscriptions.end_date,
        subscriptions.mrr_amount,
        spans.account_id is null as is_new_customer
    from subscriptions
    left join spans
        on
            subscriptions.account_id = spans.account_id
            and subscriptions.start_date > spans.span_start_date
            and subscriptions.start_date <= coalesce(spans.span_end_date, cast('9999-12-31' as date))
),

{# Every subscription active on the day before the month, or started or
    ended from the month's first day to its end_snapshot_date. Two range
    conditions without an OR let the engine join by ranges (an open end is
    the last date) instead of testing every month against every subscription. #}
subscription_months as (
    select
        months.period_start as month,
        case
            when
                subscriptions_classified.start_date >= months.period_start
                and subscriptions_classified.is_new_customer
                then subscriptions_classified.mrr_amount
            else 0
        end as new_mrr_amount,
        case
            when
                subscriptions_classified.start_date >= months.period_start
                and not subscriptions_classified.is_new_customer
                then subscriptions_classified.mrr_amount
            else 0
        end as expansion_mrr_amount,
        case
            when
                subscriptions_classified.end_date >= months.period_start
                and subscriptions_classified.end_date <= months.end_snapshot_date
                then subscriptions_classified.mrr_amount
            else 0
        end as churned_mrr_amount
    from months
    inner join subscriptions_classified
        on
            months.end_snapshot_date >= subscriptions_classified.start_date
            and months.period_start <= coalesce(
                subscriptions_classified.end_date, cast('9999-12-31' as date)
            )
),

movements_by_month as (
    select
        month,
        sum(new_mrr_amount) as new_mrr_amount,
        sum(expansion_mrr_amount) as expansion_mrr_amount,
        sum(churned_mrr_amount) as churned_mrr_amount
    from subscription_months
    group by month
),

customers_by_month as (
    select
        period_start as month,
        sum(mrr_at_start_amount) as starting_mrr_amount,
        sum(mrr_at_end_amount) as ending_mrr_amount,
        sum(case when is_customer_at_end then 1 else 0 end) as active_customers
    from states
    group by period_start
),

mrr as (
    select
        movements_by_month.month,
        coalesce(customers_by_month.starting_mrr_amount, 0) as starting_mrr_amount,
        movements_by_month.new_mrr_amount,
        movements_by_month.expansion_mrr_amount,
        movements_by_month.churned_mrr_amount,
        coalesce(customers_by_month.ending_mrr_amount, 0) as ending_mrr_amount,
        coalesce(customers_by_month.active_customers, 0) as active_customers
    from movements_by_month
    left join customers_by_month
        on movements_by_month.month = customers_by_month.month
)

select
    month,
    cast(starting_mrr_amount as decimal(18, 2)) as starting_mrr_amount,
    cast(new_mrr_amount as decimal(18, 2)) as new_mrr_amount,
    cast(expansion_mrr_amount as decimal(18, 2)) as expansion_mrr_amount,
    cast(churned_mrr_amount as decimal(18, 2)) as churned_mrr_amount,
    cast(ending_mrr_amount as decimal(18, 2)) as ending_mrr_amount,
    cast(12 * ending_mrr_amount as decimal(18, 2)) as arr_amount,
    cast(active_customers as {{ dbt.type_bigint() }}) as active_customers
from mrr
