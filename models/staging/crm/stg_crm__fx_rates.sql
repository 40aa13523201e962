with

rates as (
    select
        currency,
        rate_date,
        rate_to_reporting
    from {{ ref('base_crm__fx_rates') }}
    where rejection_reason is null and not is_superseded
)

{# Each rate holds from its rate_date until the next rate of the currency;
    the earliest rate also covers every earlier date and the latest every
    later one, so an amount converts at the latest rate on or before its
    date, or the earliest rate when it precedes them all. #}
select
    currency,
    rate_date,
    rate_to_reporting,
    {{ rate_validity('currency', 'rate_date') }}
from rates
