-- kpi_weighted_pipeline by hand, over main.int_pipeline_month_boundaries.
select
    month,
    rep_id,
    stage_at_end,
    stage_order_at_end::integer,
    count(*)::bigint,
    sum(amount)::decimal(18, 2),
    win_probability_at_end::decimal(9, 6),
    (sum(amount) * win_probability_at_end)::decimal(18, 2)
from main.int_pipeline_month_boundaries
where is_open_at_end
group by month, rep_id, stage_at_end, stage_order_at_end, win_probability_at_end
