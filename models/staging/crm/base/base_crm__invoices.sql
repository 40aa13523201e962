{# Incremental (dbt_project.yml, macros/incremental.sql). #}
{{ config(post_hook="{{ delete_records_gone_from_raw('invoices') }}") }}
{% set contract = contract_table('invoices') %}

with

source as (
    select * from {{ crm_source('invoices') }}
),

fx_rates as (
    select * from {{ ref('stg_crm__fx_rates') }}
),

texts as (
    select
        {{ contract_text_columns(contract) }},
        {{ staging_record_columns(contract) }}
    from source
    {{ only_changed_records(contract) }}
),

parsed as (
    select
        *,
        {{ contract_parsed_columns(contract) }}
    from texts
),

converted as (
    {{ with_fx_rate('parsed', 'parsed.invoice_date') }}
),

validated as (
    select
        *,
        case
            {{ contract_rejections(contract) }}
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
