with

source as (
    select * from {{ crm_source('employee_surveys') }}
),

texts as (
    select
        {{ contract_text_columns('employee_surveys') }}
    from source
),

parsed as (
    select
        *,
        {{ contract_parsed_columns('employee_surveys') }}
    from texts
),

validated as (
    select
        *,
        case
            {{ contract_rejections('employee_surveys') }}
            when score < 1 or score > 5 then 'score out of range'
        end as rejection_reason
    from parsed
)

select
    *,
    rejection_reason is null
    and row_number() over (
        partition by rejection_reason is null, response_id
        order by raw_row
    ) > 1 as is_superseded
from validated
