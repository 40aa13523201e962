with

reps as (
    select * from {{ ref('stg_crm__reps') }}
)

select
    rep_id,
    coalesce(team, 'unknown') as team,
    coalesce(region, 'unknown') as region,
    manager_id,
    hired_date,
    left_date,
    coalesce(left_date > {{ as_of_date() }}, true) as is_active
from reps
