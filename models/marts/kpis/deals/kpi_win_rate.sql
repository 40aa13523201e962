with

deals as (
    select * from {{ ref('fct_opportunities') }}
),

closed_deals as (
    select *
    from deals
    where is_closed_by_as_of
),

by_grain as (
    select
        close_month as month,
        rep_id,
        product_line,
        industry,
        segment,
        lead_source,
        opportunity_type,
        sum(case when is_won_by_as_of then 1 else 0 end) as won_count,
        sum(case when is_lost_by_as_of then 1 else 0 end) as lost_count,
        count(*) as closed_count,
        sum(case when is_won_by_as_of then amount else 0 end) as won_amount,
        sum(case when is_lost_by_as_of then amount else 0 end) as lost_amount,
        sum(amount) as closed_amount
    from closed_deals
    group by
        close_month,
        rep_id,
        product_line,
        industry,
        segment,
        lead_source,
        opportunity_type
)

select
    month,
    rep_id,
    product_line,
    industry,
    segment,
    lead_source,
    opportunity_type,
    cast(won_count as {{ dbt.type_bigint() }}) as won_count,
    cast(lost_count as {{ dbt.type_bigint() }}) as lost_count,
    cast(closed_count as {{ dbt.type_bigint() }}) as closed_count,
    cast(won_amount as decimal(18, 2)) as won_amount,
    cast(lost_amount as decimal(18, 2)) as lost_amount,
    cast(closed_amount as decimal(18, 2)) as closed_amount,
    {{ safe_divide('won_count', 'closed_count') }} as win_rate,
    {{ safe_divide('won_amount', 'closed_amount') }} as win_rate_amount,
    {{ safe_divide('won_count', 'lost_count', 'decimal(18, 6)') }} as win_loss_ratio
from by_grain
