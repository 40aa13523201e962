{# Where every raw row went, per raw table: staged, quarantined,
    superseded by a later version of the same record, or deleted (or merged)
    in the CRM, which a source mapping excludes and counts in
    <source>__deleted_rows. A data test holds raw_rows = staged_rows +
    quarantined_rows + superseded_rows + deleted_rows. #}
{%- set source_name = crm_source_name() %}
with

quarantine as (
    select * from {{ ref('audit_quarantine') }}
),

deleted as (
    {% if source_name == 'contract' -%}
        select
            cast(null as {{ dbt.type_string() }}) as source_table,
            0 as deleted_rows
        from (select 1 as one) as no_rows
        where 1 = 0
    {%- else -%}
        select source_table, deleted_rows from {{ ref(source_name ~ '__deleted_rows') }}
    {%- endif %}
),

counts as (
    {% for table_name in crm_tables() %}
        select
            '{{ table_name }}' as source_table,
            (select count(*) from {{ crm_source(table_name) }}) as mapped_rows,
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
    counts.source_table,
    cast(counts.mapped_rows + coalesce(deleted.deleted_rows, 0) as {{ dbt.type_bigint() }}) as raw_rows,
    cast(counts.staged_rows as {{ dbt.type_bigint() }}) as staged_rows,
    cast(counts.quarantined_rows as {{ dbt.type_bigint() }}) as quarantined_rows,
    cast(counts.superseded_rows as {{ dbt.type_bigint() }}) as superseded_rows,
    cast(coalesce(deleted.deleted_rows, 0) as {{ dbt.type_bigint() }}) as deleted_rows
from counts
left join deleted
    on counts.source_table = deleted.source_table
