with

base as (
    select * from {{ ref('base_crm__employee_surveys') }}
)

select
    response_id,
    rep_id,
    surveyed_at,
    score
from base
where rejection_reason is null and not is_superseded
