{# Hours come from whole seconds (summed exactly, divided once); fct_leads
    has already clamped a response before creation to 0 seconds. #}
with

leads as (
    select * from {{ ref('fct_leads') }}
),

leads_by_as_of as (
    select
        created_month,
        coalesce(owner_rep_id, 'unknown') as rep_id,
        source_channel,
        is_responded,
        case when is_responded then response_seconds end as response_seconds
    from leads
    where is_created_by_as_of
),

by_grain as (
    select
        created_month as month,
        rep_id,
        source_channel,
        count(*) as leads,
        sum(case when is_responded then 1 else 0 end) as responded_leads,
        coalesce(sum(response_seconds), 0) as total_response_seconds,
        {{ median('response_seconds') }} as median_response_seconds,
        sum(case when response_seconds <= 3600 then 1 else 0 end) as responded_within_1h
    from leads_by_as_of
    group by
        created_month,
        rep_id,
        source_channel
)

select
    month,
    rep_id,
    source_channel,
    cast(leads as {{ dbt.type_bigint() }}) as leads,
    cast(responded_leads as {{ dbt.type_bigint() }}) as responded_leads,
    {{ safe_divide('responded_leads', 'leads') }} as pct_followed_up,
    {{ safe_divide('total_response_seconds', '3600', 'decimal(18, 6)') }} as total_response_hours,
    {{ safe_divide('total_response_seconds', 'responded_leads * 3600', 'decimal(18, 6)') }} as avg_response_hours,
    {{ safe_divide('median_response_seconds', '3600', 'decimal(18, 6)') }} as median_response_hours,
    cast(responded_within_1h as {{ dbt.type_bigint() }}) as responded_within_1h
from by_grain
