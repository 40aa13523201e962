-- Which cohort of customers churns fastest? Customers grouped by the quarter
-- they first became customers (first span of int_customer_spans, the one
-- definition of customer behind the retention views), with the share that had
-- stopped being customers within 6 and within 12 months (a comeback later
-- still counts as a churn). A share is NULL until every customer of the
-- cohort is that old at as_of. Cohorts start with the CRM's go-live (the
-- first month with a deal; 2024-11 in the demo): older customers are in the
-- data only if they were still customers then, so their churn would look
-- like zero.
-- Run: dbt compile --select customers_churn_by_cohort, then the SQL in
-- target/compiled/.../analyses/customers_churn_by_cohort.sql with DuckDB.
with

spans as (
    select * from {{ ref('int_customer_spans') }}
),

deals as (
    select * from {{ ref('fct_opportunities') }}
),

go_live as (
    select min(created_month) as first_month
    from deals
),

first_spans as (
    select
        spans.account_id,
        spans.span_start_date,
        spans.span_end_date,
        cast({{ dbt.date_trunc('quarter', 'spans.span_start_date') }} as date) as cohort_quarter
    from spans
    inner join go_live
        on spans.span_start_date >= go_live.first_month
    where spans.span_number = 1
),

flagged as (
    select
        cohort_quarter,
        span_start_date,
        case
            when
                span_end_date <= {{ dbt.dateadd('month', 6, 'span_start_date') }}
                and span_end_date <= {{ as_of_date() }}
                then 1
            else 0
        end as churned_within_6_months,
        case
            when
                span_end_date <= {{ dbt.dateadd('month', 12, 'span_start_date') }}
                and span_end_date <= {{ as_of_date() }}
                then 1
            else 0
        end as churned_within_12_months
    from first_spans
),

cohorts as (
    select
        cohort_quarter,
        count(*) as customers,
        max(span_start_date) as last_start_date,
        sum(churned_within_6_months) as churned_within_6_months,
        sum(churned_within_12_months) as churned_within_12_months
    from flagged
    group by cohort_quarter
)

select
    cohort_quarter,
    customers,
    churned_within_6_months,
    case
        when {{ dbt.dateadd('month', 6, 'last_start_date') }} <= {{ as_of_date() }}
            then {{ safe_divide('churned_within_6_months', 'customers') }}
    end as churn_rate_6_months,
    churned_within_12_months,
    case
        when {{ dbt.dateadd('month', 12, 'last_start_date') }} <= {{ as_of_date() }}
            then {{ safe_divide('churned_within_12_months', 'customers') }}
    end as churn_rate_12_months
from cohorts
order by cohort_quarter
