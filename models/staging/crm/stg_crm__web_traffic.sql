with

base as (
    select * from {{ ref('base_crm__web_traffic') }}
)

select
    visit_date,
    channel,
    visitors
from base
where rejection_reason is null and not is_superseded
