with

deals as (
    select * from {{ ref('fct_opportunities') }}
),

created_deals as (
    select *
    from deals
    where is_created_by_as_of
),

by_grain as (
    select
        created_month as month,
        rep_id,
        lead_source,
        product_line,
        count(*) as opportunities_created,
        sum(amount) as pipeline_created_amount
    from created_deals
    group by
        created_month,
        rep_id,
        lead_source,
        product_line
)

select
    month,
    rep_id,
    lead_source,
    product_line,
    cast(opportunities_created as {{ dbt.type_bigint() }}) as opportunities_created,
    cast(pipeline_created_amount as decimal(18, 2)) as pipeline_created_amount
from by_grain
