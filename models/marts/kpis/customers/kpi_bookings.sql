with

deals as (
    select * from {{ ref('fct_opportunities') }}
),

won_deals as (
    select *
    from deals
    where is_won_by_as_of
),

bookings as (
    select
        close_month as month,
        rep_id,
        opportunity_type,
        count(*) as won_count,
        sum(amount) as won_amount
    from won_deals
    group by
        close_month,
        rep_id,
        opportunity_type
)

select
    month,
    rep_id,
    opportunity_type,
    cast(won_count as {{ dbt.type_bigint() }}) as won_count,
    cast(won_amount as decimal(18, 2)) as won_amount
from bookings
