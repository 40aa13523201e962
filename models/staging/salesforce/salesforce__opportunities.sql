{# Salesforce's Opportunity as the contract's opportunities. Closed and won
    follow from the stage (IsClosed and IsWon are only compared with it, in
    salesforce__data_quality_warnings). CloseDate is a date: a deal closed on
    a later day than it was created closes at 00:00 UTC of its CloseDate; on
    the day it was created, at its creation (a cycle of 0 days); with a
    CloseDate before the day it was created (a migrated or backdated deal),
    it is taken as created and closed at 00:00 of its CloseDate, keeping its
    close month, and listed as a warning. An open deal's CloseDate is its
    expected close date. The product is the largest line item's; Type maps
    through the seed salesforce_picklist_values; without CurrencyIsoCode (a
    single-currency org) amounts are in the reporting currency. The deal's
    lead is found by staging from Lead.ConvertedOpportunityId. #}
with

opportunities as (
    select * from {{ ref('base_salesforce__opportunity') }}
    where not {{ salesforce_is_deleted() }}
),

pipeline_stages as (
    select * from {{ ref('salesforce__pipeline_stages') }}
),

opportunity_products as (
    select * from {{ ref('salesforce__opportunity_products') }}
),

texts as (
    select
        {{ clean_text('id') }} as opportunity_id,
        {{ clean_text('account_id') }} as account_id,
        {{ clean_text('owner_id') }} as owner_rep_id,
        coalesce(
            {{ salesforce_picklist('opportunity.type', 'type') }},
            {{ clean_text('type') }}
        ) as opportunity_type,
        {{ clean_text('amount') }} as amount,
        {{ clean_text('currency_iso_code') }} as currency,
        {{ clean_text('created_date') }} as created_date_text,
        {{ clean_text('close_date') }} as close_date_text,
        {{ clean_text('stage_name') }} as stage_name,
        {{ clean_text('last_modified_date') }} as updated_at
    from opportunities
),

parsed as (
    select
        *,
        {{ parse_timestamp('created_date_text') }} as created_date,
        cast({{ parse_timestamp('close_date_text') }} as date) as close_date
    from texts
),

closes as (
    select
        parsed.*,
        coalesce(pipeline_stages.is_closed, false) as is_closed,
        cast(parsed.close_date as {{ dbt.type_timestamp() }}) as close_date_start,
        parsed.close_date < cast(parsed.created_date as date) as is_closed_before_created
    from parsed
    left join pipeline_stages
        on {{ normalize_label('parsed.stage_name') }} = pipeline_stages.stage
)

select
    cast(closes.opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
    cast(closes.account_id as {{ dbt.type_string() }}) as account_id,
    cast(null as {{ dbt.type_string() }}) as lead_id,
    cast(closes.owner_rep_id as {{ dbt.type_string() }}) as owner_rep_id,
    cast(opportunity_products.product_id as {{ dbt.type_string() }}) as product_id,
    cast(closes.opportunity_type as {{ dbt.type_string() }}) as opportunity_type,
    cast(closes.amount as {{ dbt.type_string() }}) as amount,
    cast(closes.currency as {{ dbt.type_string() }}) as currency,
    cast(
        case
            when closes.is_closed and closes.is_closed_before_created
                then cast(closes.close_date_start as {{ dbt.type_string() }})
            else closes.created_date_text
        end as {{ dbt.type_string() }}
    ) as created_at,
    cast(closes.close_date_text as {{ dbt.type_string() }}) as expected_close_date,
    cast(
        case
            when not closes.is_closed then null
            when closes.close_date = cast(closes.created_date as date)
                then closes.created_date_text
            when closes.close_date is not null
                then cast(closes.close_date_start as {{ dbt.type_string() }})
            else closes.close_date_text
        end as {{ dbt.type_string() }}
    ) as closed_at,
    cast(closes.stage_name as {{ dbt.type_string() }}) as stage,
    cast(null as {{ dbt.type_string() }}) as loss_reason,
    cast(closes.updated_at as {{ dbt.type_string() }}) as updated_at
from closes
left join opportunity_products
    on closes.opportunity_id = opportunity_products.opportunity_id
