{# Each month's starting MRR equals the previous month's ending MRR (0 when
    the previous month has no row: no subscription was active, started or
    ended in it). Returns the months where it does not. #}
with

mrr as (
    select * from {{ ref('kpi_mrr') }}
),

previous_months as (
    select
        cast({{ dbt.dateadd('month', 1, 'month') }} as date) as month,
        ending_mrr_amount as previous_ending_mrr_amount
    from mrr
),

mismatches as (
    select
        mrr.month,
        mrr.starting_mrr_amount,
        previous_months.previous_ending_mrr_amount
    from mrr
    left join previous_months
        on mrr.month = previous_months.month
    where mrr.starting_mrr_amount <> coalesce(previous_months.previous_ending_mrr_amount, 0)
)

select * from mismatches
