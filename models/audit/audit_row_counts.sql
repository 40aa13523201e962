{# Where every raw row went, per raw table: staged, quarantined, or
    superseded by a later version of the same record. A data test holds
    raw_rows = staged_rows + quarantined_rows + superseded_rows. #}
with

quarantine as (
    select * from {{ ref('audit_quarantine') }}
),

counts as (
    {% for table_name in crm_tables() %}
        select
            '{{ table_name }}' as source_table,
            (select count(*) from {{ crm_source(table_name) }}) as raw_rows,
            (select count(*) from {{ ref('stg_crm__' ~ table_name) }}) as staged_rows,
            (
                select count(*) from quarantine
                where source_table = '{{ table_name }}'
            ) as quarantined_rows,
            (
                select count(*) from {{ ref('base_crm__' ~ table_name) }}
                where is_superseded
            ) as superseded_rows
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select
    source_table,
    cast(raw_rows as {{ dbt.type_bigint() }}) as raw_rows,
    cast(staged_rows as {{ dbt.type_bigint() }}) as staged_rows,
    cast(quarantined_rows as {{ dbt.type_bigint() }}) as quarantined_rows,
    cast(superseded_rows as {{ dbt.type_bigint() }}) as superseded_rows
from counts
