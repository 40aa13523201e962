with

rep_months as (
    select * from {{ ref('int_rep_month_pipeline') }}
),

quotas as (
    select * from {{ ref('stg_crm__quotas') }}
),

months as (
    select * from {{ ref('dim_months') }}
),

reported_quotas as (
    select
        quotas.month,
        quotas.rep_id,
        quotas.quota_amount
    from quotas
    inner join months
        on quotas.month = months.month
),

coverage as (
    select
        coalesce(reported_quotas.month, rep_months.month) as month,
        coalesce(reported_quotas.rep_id, rep_months.rep_id) as rep_id,
        coalesce(reported_quotas.quota_amount, 0) as quota_amount,
        coalesce(rep_months.open_pipeline_count, 0) as open_pipeline_count,
        coalesce(rep_months.open_pipeline_amount, 0) as open_pipeline_amount,
        coalesce(rep_months.won_count, 0) as won_count,
        coalesce(rep_months.won_amount, 0) as won_amount
    from reported_quotas
    full outer join rep_months
        on
            reported_quotas.month = rep_months.month
            and reported_quotas.rep_id = rep_months.rep_id
)

select
    month,
    rep_id,
    cast(quota_amount as decimal(18, 2)) as quota_amount,
    cast(open_pipeline_count as {{ dbt.type_bigint() }}) as open_pipeline_count,
    cast(open_pipeline_amount as decimal(18, 2)) as open_pipeline_amount,
    cast(won_count as {{ dbt.type_bigint() }}) as won_count,
    cast(won_amount as decimal(18, 2)) as won_amount,
    {{ safe_divide('open_pipeline_amount', 'quota_amount', 'decimal(18, 6)') }} as coverage_ratio,
    {{ safe_divide('won_amount', 'quota_amount', 'decimal(18, 6)') }} as quota_attainment
from coverage
