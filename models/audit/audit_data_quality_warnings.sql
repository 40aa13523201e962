{# Staged rows that are kept but carry a problem: a foreign key that points
    nowhere (its dimensions read 'unknown' downstream), a descriptive label
    outside its vocabulary (read as unknown), or a closed_at on an open deal
    (ignored). #}
{%- set dangling_keys = [
    ('reps', 'manager_id', 'reps', 'rep_id'),
    ('accounts', 'owner_rep_id', 'reps', 'rep_id'),
    ('leads', 'campaign_id', 'campaigns', 'campaign_id'),
    ('leads', 'owner_rep_id', 'reps', 'rep_id'),
    ('leads', 'account_id', 'accounts', 'account_id'),
    ('leads', 'opportunity_id', 'opportunities', 'opportunity_id'),
    ('opportunities', 'account_id', 'accounts', 'account_id'),
    ('opportunities', 'lead_id', 'leads', 'lead_id'),
    ('opportunities', 'owner_rep_id', 'reps', 'rep_id'),
    ('opportunities', 'product_id', 'products', 'product_id'),
    ('opportunity_stage_history', 'opportunity_id', 'opportunities', 'opportunity_id'),
    ('activities', 'rep_id', 'reps', 'rep_id'),
    ('activities', 'lead_id', 'leads', 'lead_id'),
    ('activities', 'opportunity_id', 'opportunities', 'opportunity_id'),
    ('activities', 'account_id', 'accounts', 'account_id'),
    ('quotas', 'rep_id', 'reps', 'rep_id'),
    ('forecasts', 'rep_id', 'reps', 'rep_id'),
    ('invoices', 'account_id', 'accounts', 'account_id'),
    ('invoices', 'opportunity_id', 'opportunities', 'opportunity_id'),
    ('subscriptions', 'account_id', 'accounts', 'account_id'),
    ('subscriptions', 'product_id', 'products', 'product_id'),
    ('subscriptions', 'opportunity_id', 'opportunities', 'opportunity_id'),
    ('nps_responses', 'account_id', 'accounts', 'account_id'),
    ('nps_responses', 'opportunity_id', 'opportunities', 'opportunity_id'),
    ('employee_surveys', 'rep_id', 'reps', 'rep_id'),
] -%}
{%- set unrecognised_labels = [
    ('accounts', 'segment'),
    ('leads', 'origin'),
    ('leads', 'status'),
    ('activities', 'outcome'),
] -%}
{%- set record_versions = [
    ('reps', ['rep_id', 'updated_at']),
    ('accounts', ['account_id', 'updated_at']),
    ('products', ['product_id', 'updated_at']),
    ('campaigns', ['campaign_id', 'updated_at']),
    ('leads', ['lead_id', 'updated_at']),
    ('opportunities', ['opportunity_id', 'updated_at']),
    ('activities', ['activity_id', 'updated_at']),
    ('invoices', ['invoice_id', 'updated_at']),
    ('subscriptions', ['subscription_id', 'updated_at']),
    ('quotas', ['rep_id', 'month']),
    ('forecasts', ['rep_id', 'month', 'submitted_at']),
    ('fx_rates', ['currency', 'rate_date']),
    ('nps_responses', ['response_id']),
    ('employee_surveys', ['response_id']),
] -%}
with

dangling_keys as (
    {% for table_name, column_name, target_table, target_key in dangling_keys %}
        select
            '{{ table_name }}' as source_table,
            staged.record_key,
            '{{ column_name }}' as column_name,
            staged.{{ column_name }} as column_value,
            'not found in {{ target_table }}' as warning
        from {{ ref('base_crm__' ~ table_name) }} as staged
        left join {{ ref('stg_crm__' ~ target_table) }} as referenced
            on staged.{{ column_name }} = referenced.{{ target_key }}
        where
            staged.rejection_reason is null
            and not staged.is_superseded
            and staged.{{ column_name }} is not null
            and referenced.{{ target_key }} is null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

unrecognised_labels as (
    {% for table_name, column_name in unrecognised_labels %}
        select
            '{{ table_name }}' as source_table,
            record_key,
            '{{ column_name }}' as column_name,
            {{ column_name }}_text as column_value,
            'unrecognised value, read as unknown' as warning
        from {{ ref('base_crm__' ~ table_name) }}
        where
            rejection_reason is null
            and not is_superseded
            and {{ column_name }}_text is not null
            and {{ column_name }} is null
        union all
    {% endfor %}
    select
        'opportunities' as source_table,
        record_key,
        'opportunity_type' as column_name,
        opportunity_type_text as column_value,
        'unrecognised value, read as unknown' as warning
    from {{ ref('base_crm__opportunities') }}
    where
        rejection_reason is null
        and not is_superseded
        and opportunity_type = 'unknown'
),

ignored_close_dates as (
    select
        'opportunities' as source_table,
        record_key,
        'closed_at' as column_name,
        closed_at_text as column_value,
        'closed_at on an open deal, ignored' as warning
    from {{ ref('base_crm__opportunities') }}
    where
        rejection_reason is null
        and not is_superseded
        and closed_at_text is not null
        and not is_closed
),

conflicting_duplicates as (
    {% for table_name, version_columns in record_versions %}
        {%- set version = 'staged.' ~ version_columns | join(', staged.') %}
        select
            '{{ table_name }}' as source_table,
            versions.record_key,
            '{{ version_columns[-1] }}' as column_name,
            cast(versions.{{ version_columns[-1] }} as {{ dbt.type_string() }}) as column_value,
            'conflicting duplicate: other usable rows have this key and {{ version_columns[-1] }}'
            || ' but different content; the first by raw text is kept' as warning
        from (
            select
                staged.record_key,
                staged.is_superseded,
                staged.{{ version_columns[-1] }},
                min(staged.raw_row) over (partition by {{ version }}) as first_raw_row,
                max(staged.raw_row) over (partition by {{ version }}) as last_raw_row
            from {{ ref('base_crm__' ~ table_name) }} as staged
            -- Only a version that several usable rows share can conflict,
            -- and all of them but one are superseded: the window reads the
            -- versions of superseded rows, not every row of the table.
            inner join (
                select distinct {{ version_columns | join(', ') }}
                from {{ ref('base_crm__' ~ table_name) }}
                where is_superseded
            ) as shared
                on staged.{{ version_columns[0] }} = shared.{{ version_columns[0] }}
            where
                staged.rejection_reason is null
                {%- for column in version_columns[1:] %}
                    and staged.{{ column }} is not distinct from shared.{{ column }}
                {%- endfor %}
        ) as versions
        where not versions.is_superseded and versions.first_raw_row <> versions.last_raw_row
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

{%- set source_name = crm_source_name() %}
select * from dangling_keys
{% if source_name != 'contract' -%}
    union all
    select * from {{ ref(source_name ~ '__data_quality_warnings') }}
{%- endif %}
union all
select * from conflicting_duplicates
union all
select * from unrecognised_labels
union all
select * from ignored_close_dates
