with

source as (
    select * from {{ crm_source('accounts') }}
),

texts as (
    select
        {{ contract_text_columns('accounts') }}
    from source
),

parsed as (
    select
        *,
        {{ contract_parsed_columns('accounts') }}
    from texts
),

validated as (
    select
        *,
        case
            {{ contract_rejections('accounts') }}
        end as rejection_reason
    from parsed
)

select
    *,
    rejection_reason is null
    and row_number() over (
        partition by rejection_reason is null, account_id
        order by updated_at desc nulls last, raw_row asc
    ) > 1 as is_superseded
from validated
