with

base as (
    select * from {{ ref('base_crm__quotas') }}
)

select
    rep_id,
    month,
    quota_in_currency,
    currency,
    fx_rate,
    quota_amount
from base
where rejection_reason is null and not is_superseded
