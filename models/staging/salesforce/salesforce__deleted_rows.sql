{# Rows the mapping excludes as deleted, per contract table (audit_row_counts
    adds them: raw = staged + quarantined + superseded + deleted): rows with
    IsDeleted, _fivetran_deleted or, in Fivetran History Mode, an inactive
    _fivetran_active. For opportunity_stage_history these are
    OpportunityHistory rows, deleted themselves or of a deleted deal; for
    activities, deleted tasks and events that are sales activities; for
    fx_rates, deleted DatedConversionRate and CurrencyType rows. #}
{%- set objects = [
    ('opportunities', 'base_salesforce__opportunity'),
    ('accounts', 'base_salesforce__account'),
    ('reps', 'base_salesforce__user'),
    ('products', 'base_salesforce__product_2'),
    ('campaigns', 'base_salesforce__campaign'),
    ('leads', 'base_salesforce__lead'),
    ('fx_rates', 'base_salesforce__dated_conversion_rate'),
    ('fx_rates', 'base_salesforce__currency_type'),
] %}
with

opportunity_rows as (
    select
        {{ clean_text('id') }} as opportunity_id,
        {{ salesforce_is_deleted() }} as is_deleted
    from {{ ref('base_salesforce__opportunity') }}
),

deleted_deals as (
    select opportunity_id
    from opportunity_rows
    group by opportunity_id
    having min(case when is_deleted then 1 else 0 end) = 1
),

history_rows as (
    select
        {{ clean_text('opportunity_id') }} as opportunity_id,
        {{ salesforce_is_deleted() }} as is_deleted
    from {{ ref('base_salesforce__opportunity_history') }}
),

deleted as (
    {% for table_name, model_name in objects %}
        select
            '{{ table_name }}' as source_table,
            case when {{ salesforce_is_deleted() }} then 1 else 0 end as is_deleted
        from {{ ref(model_name) }}
        union all
    {% endfor %}
    select
        'opportunity_stage_history' as source_table,
        case when history_rows.is_deleted or deleted_deals.opportunity_id is not null then 1 else 0 end
            as is_deleted
    from history_rows
    left join deleted_deals
        on history_rows.opportunity_id = deleted_deals.opportunity_id
    union all
    select
        'activities' as source_table,
        case when is_deleted then 1 else 0 end as is_deleted
    from {{ ref('salesforce__tasks_and_events') }}
)

select
    cast(source_table as {{ dbt.type_string() }}) as source_table,
    cast(sum(is_deleted) as {{ dbt.type_bigint() }}) as deleted_rows
from deleted
group by source_table
