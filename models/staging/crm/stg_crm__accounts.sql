with

base as (
    select * from {{ ref('base_crm__accounts') }}
)

select
    account_id,
    account_name,
    industry,
    segment,
    country,
    owner_rep_id,
    created_at,
    updated_at
from base
where rejection_reason is null and not is_superseded
