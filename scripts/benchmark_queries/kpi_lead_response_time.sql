-- kpi_lead_response_time by hand, over main.fct_leads: one grouping pass
-- with DuckDB's median and filtered aggregates.
select
    created_month as month,
    coalesce(owner_rep_id, 'unknown') as rep_id,
    source_channel,
    count(*)::bigint as leads,
    count(*) filter (where is_responded)::bigint as responded_leads,
    (count(*) filter (where is_responded)::decimal(38, 10)
        / nullif(count(*)::decimal(38, 10), 0))::decimal(9, 6),
    (coalesce(sum(response_seconds) filter (where is_responded), 0)::decimal(38, 10)
        / 3600::decimal(38, 10))::decimal(18, 6),
    (coalesce(sum(response_seconds) filter (where is_responded), 0)::decimal(38, 10)
        / nullif((count(*) filter (where is_responded) * 3600)::decimal(38, 10), 0))::decimal(18, 6),
    (median(response_seconds) filter (where is_responded)::decimal(38, 10)
        / 3600::decimal(38, 10))::decimal(18, 6),
    count(*) filter (where is_responded and response_seconds <= 3600)::bigint
from main.fct_leads
where is_created_by_as_of
group by all
