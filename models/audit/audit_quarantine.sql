{# Every raw row that staging cannot use, with the first reason found. #}
with

rejected_rows as (
    {% for table_name in crm_tables() %}
        select
            '{{ table_name }}' as source_table,
            record_key,
            rejection_reason,
            raw_row
        from {{ ref('base_crm__' ~ table_name) }}
        where rejection_reason is not null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select
    source_table,
    row_number() over (
        partition by source_table
        order by record_key, raw_row
    ) as quarantine_row_number,
    record_key,
    rejection_reason,
    raw_row
from rejected_rows
