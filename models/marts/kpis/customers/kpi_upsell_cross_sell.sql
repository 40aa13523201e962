with

deals as (
    select * from {{ ref('fct_opportunities') }}
),

states as (
    select * from {{ ref('int_customer_period_states') }}
    where period_type = 'month'
),

won_deals as (
    select
        close_month as month,
        account_id,
        amount,
        opportunity_type in ('upsell', 'cross_sell') as is_expansion
    from deals
    where is_won_by_as_of
),

won_by_month as (
    select
        month,
        count(*) as won_count,
        sum(case when is_expansion then 1 else 0 end) as expansion_won_count,
        sum(amount) as won_amount,
        sum(case when is_expansion then amount else 0 end) as expansion_won_amount
    from won_deals
    group by month
),

customers_at_start_by_month as (
    select
        period_start as month,
        sum(case when is_customer_at_start then 1 else 0 end) as customers_at_start
    from states
    group by period_start
),

{# Customers at the start of the month that won an expansion deal in it. #}
expanded_by_month as (
    select
        states.period_start as month,
        count(distinct states.account_id) as expanded_customers
    from states
    inner join won_deals
        on
            states.period_start = won_deals.month
            and states.account_id = won_deals.account_id
    where
        states.is_customer_at_start
        and won_deals.is_expansion
    group by states.period_start
),

reported_months as (
    select month from won_by_month
    union
    select month from customers_at_start_by_month
    where customers_at_start > 0
),

expansion as (
    select
        reported_months.month,
        coalesce(won_by_month.won_count, 0) as won_count,
        coalesce(won_by_month.expansion_won_count, 0) as expansion_won_count,
        coalesce(won_by_month.won_amount, 0) as won_amount,
        coalesce(won_by_month.expansion_won_amount, 0) as expansion_won_amount,
        coalesce(customers_at_start_by_month.customers_at_start, 0) as customers_at_start,
        coalesce(expanded_by_month.expanded_customers, 0) as expanded_customers
    from reported_months
    left join won_by_month
        on reported_months.month = won_by_month.month
    left join customers_at_start_by_month
        on reported_months.month = customers_at_start_by_month.month
    left join expanded_by_month
        on reported_months.month = expanded_by_month.month
)

select
    month,
    cast(won_count as {{ dbt.type_bigint() }}) as won_count,
    cast(expansion_won_count as {{ dbt.type_bigint() }}) as expansion_won_count,
    cast(won_amount as decimal(18, 2)) as won_amount,
    cast(expansion_won_amount as decimal(18, 2)) as expansion_won_amount,
    {{ safe_divide('expansion_won_amount', 'won_amount') }} as expansion_share,
    cast(customers_at_start as {{ dbt.type_bigint() }}) as customers_at_start,
    cast(expanded_customers as {{ dbt.type_bigint() }}) as expanded_customers,
    {{ safe_divide('expanded_customers', 'customers_at_start') }} as expansion_customer_rate
from expansion
