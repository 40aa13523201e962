{# A row for every rep-month with a quota, pipeline due or a win. #}
with

rep_months as (
    select * from {{ ref('int_rep_months') }}
),

coverage_rep_months as (
    select *
    from rep_months
    where
        has_quota
        or open_pipeline_count > 0
        or won_count > 0
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
from coverage_rep_months
