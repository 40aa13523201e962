{# Incremental (dbt_project.yml, macros/incremental.sql). #}
{{ config(post_hook="{{ delete_records_gone_from_raw('invoices', 'invoice_id') }}") }}

with

source as (
    select * from {{ crm_source('invoices') }}
),

fx_rates as (
    select * from {{ ref('stg_crm__fx_rates') }}
),

{% if is_incremental() %}
    changed as (
        {{ changed_staging_keys('invoices', 'invoice_id') }}
    ),
{% endif %}

texts as (
    select
        {{ contract_text_columns('invoices') }},
        {{ staging_key('invoice_id') }} as staging_key,
        {{ staging_settings('invoices') }} as staging_settings
    from source
    {% if is_incremental() %}
        where {{ staging_key('invoice_id') }} in (select changed.staging_key from changed)
    {% endif %}
),

parsed as (
    select
        *,
        {{ contract_parsed_columns('invoices') }}
    from texts
),

converted as (
    {{ with_fx_rate('parsed', 'parsed.invoice_date') }}
),

validated as (
    select
        *,
        case
            {{ contract_rejections('invoices') }}
        end as rejection_reason
    from converted
)

select
    *,
    case
        when not {{ amount_out_of_range('amount_in_currency') }}
            then cast(amount_in_currency * fx_rate as decimal(18, 2))
    end as invoice_amount,
    rejection_reason is null
    and row_number() over (
        partition by rejection_reason is null, invoice_id
        order by updated_at desc nulls last, raw_row asc
    ) > 1 as is_superseded
from validated
