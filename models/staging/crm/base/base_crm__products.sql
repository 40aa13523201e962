with

source as (
    select * from {{ crm_source('products') }}
),

fx_rates as (
    select * from {{ ref('stg_crm__fx_rates') }}
),

texts as (
    select
        {{ clean_text('product_id') }} as product_id,
        {{ clean_text('product_name') }} as product_name,
        {{ clean_text('product_line') }} as product_line,
        {{ clean_text('list_price') }} as list_price_text,
        coalesce(upper({{ clean_text('currency') }}), {{ reporting_currency() }}) as currency,
        {{ clean_text('updated_at') }} as updated_at_text,
        {{ record_key(['product_id']) }} as record_key,
        {{ raw_row_text(['product_id', 'product_name', 'product_line', 'list_price',
            'currency', 'updated_at']) }} as raw_row
    from source
),

parsed as (
    select
        *,
        {{ parse_decimal('list_price_text', 28, 4) }} as list_price_in_currency,
        {{ parse_timestamp('updated_at_text') }} as updated_at
    from texts
),

{# A list price has no date of its own: it converts at the as_of rate. #}
converted as (
    {{ with_fx_rate('parsed', as_of_date()) }}
),

validated as (
    select
        *,
        case
            when product_id is null then 'missing product_id'
            when list_price_text is not null and list_price_in_currency is null then 'unparseable list_price'
            when {{ amount_out_of_range('list_price_in_currency') }} then 'list_price out of range'
            when list_price_in_currency < 0 then 'negative list_price'
            when fx_rate is null then 'unknown currency'
            when updated_at_text is not null and updated_at is null then 'unparseable updated_at'
            when {{ implausible_year('updated_at') }} then 'implausible year in updated_at'
        end as rejection_reason
    from converted
)

select
    *,
    case
        when not {{ amount_out_of_range('list_price_in_currency') }}
            then cast(list_price_in_currency * fx_rate as decimal(18, 2))
    end as list_price_amount,
    rejection_reason is null
    and row_number() over (
        partition by rejection_reason is null, product_id
        order by updated_at desc nulls last, raw_row asc
    ) > 1 as is_superseded
from validated
