with

base as (
    select * from {{ ref('base_crm__reps') }}
)

select
    rep_id,
    full_name,
    team,
    region,
    manager_id,
    hired_date,
    left_date,
    updated_at
from base
where rejection_reason is null and not is_superseded
