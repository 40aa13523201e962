{# Salesforce's currency rates in the contract's fx_rates shape (the rates
    of the crm_supplement_schema are added in salesforce__fx_rates).
    Salesforce's ConversionRate is units of a currency per 1 unit
    of the corporate currency, the inverse of rate_to_reporting (1 unit of
    the currency = this many reporting units). So a currency's
    rate_to_reporting on a day is the reporting currency's ConversionRate
    divided by the currency's: 1 / ConversionRate when the reporting
    currency is the corporate currency (its ConversionRate is 1), a cross
    rate through the corporate currency otherwise, with a row at every date
    either rate changes. A reporting currency the org does not hold gives no
    rates: amounts in other currencies are then quarantined ('unknown
    currency'). Dated rates (DatedConversionRate, advanced currency
    management) are read for the currencies that have them, the static
    CurrencyType rate for the others. Dates before the var
    min_plausible_year (Salesforce starts the first dated rate at
    0001-01-01) become its first day: the earliest rate covers every earlier
    date anyway. #}
{%- set first_plausible_date = "cast('" ~ "%04d" % (number_var('min_plausible_year') | int) ~ "-01-01' as date)" %}
with

dated_rate_texts as (
    select
        upper({{ clean_text('iso_code') }}) as currency,
        {{ clean_text('start_date') }} as start_date_text,
        {{ clean_text('conversion_rate') }} as conversion_rate_text
    from {{ ref('base_salesforce__dated_conversion_rate') }}
    where not {{ salesforce_is_deleted() }}
),

dated_rates as (
    select
        currency,
        cast({{ parse_timestamp('start_date_text') }} as date) as start_date,
        {{ parse_decimal('conversion_rate_text', 28, 10) }} as conversion_rate
    from dated_rate_texts
),

dated_currencies as (
    select distinct currency from dated_rates
),

static_rates as (
    select
        upper({{ clean_text('iso_code') }}) as currency,
        {{ first_plausible_date }} as start_date,
        {{ parse_decimal(clean_text('conversion_rate'), 28, 10) }} as conversion_rate
    from {{ ref('base_salesforce__currency_type') }}
    where not {{ salesforce_is_deleted() }}
),

rates as (
    select
        currency,
        case when start_date < {{ first_plausible_date }} then {{ first_plausible_date }} else start_date end
            as start_date,
        conversion_rate
    from dated_rates
    where currency is not null and start_date is not null and conversion_rate > 0
    union all
    select
        static_rates.currency,
        static_rates.start_date,
        static_rates.conversion_rate
    from static_rates
    left join dated_currencies
        on static_rates.currency = dated_currencies.currency
    where
        static_rates.currency is not null
        and static_rates.conversion_rate > 0
        and dated_currencies.currency is null
),

{# Each rate holds from its start date until the next one of its currency;
    the earliest also covers every earlier date. #}
periods as (
    select
        currency,
        start_date,
        conversion_rate,
        {{ rate_validity('currency', 'start_date') }}
    from rates
),

other_currencies as (
    select distinct currency from periods
    where currency <> {{ reporting_currency() }}
),

reporting_periods as (
    select * from periods
    where currency = {{ reporting_currency() }}
),

rate_dates as (
    select
        currency,
        start_date as rate_date
    from periods
    where currency <> {{ reporting_currency() }}
    union
    select
        other_currencies.currency,
        reporting_periods.start_date as rate_date
    from other_currencies
    cross join reporting_periods
),

cross_rates as (
    select
        rate_dates.currency,
        rate_dates.rate_date,
        {{ safe_divide('reporting_periods.conversion_rate', 'periods.conversion_rate', 'decimal(28, 10)') }}
            as rate_to_reporting
    from rate_dates
    inner join periods
        on
            rate_dates.currency = periods.currency
            and rate_dates.rate_date >= periods.valid_from_date
            and rate_dates.rate_date < periods.valid_to_date
    inner join reporting_periods
        on
            rate_dates.rate_date >= reporting_periods.valid_from_date
            and rate_dates.rate_date < reporting_periods.valid_to_date
)

select
    cast(currency as {{ dbt.type_string() }}) as currency,
    cast(rate_date as {{ dbt.type_string() }}) as rate_date,
    cast(rate_to_reporting as {{ dbt.type_string() }}) as rate_to_reporting
from cross_rates
