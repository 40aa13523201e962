with

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
)

select
    account_id,
    coalesce(account_name, 'unknown') as account_name,
    coalesce(industry, 'unknown') as industry,
    coalesce(segment, 'unknown') as segment,
    coalesce(country, 'unknown') as country,
    owner_rep_id,
    created_at
from accounts
