with

base as (
    select * from {{ ref('base_crm__invoices') }}
)

select
    invoice_id,
    account_id,
    opportunity_id,
    invoice_date,
    amount_in_currency,
    currency,
    fx_rate,
    invoice_amount,
    updated_at
from base
where rejection_reason is null and not is_superseded
