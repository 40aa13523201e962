{# Salesforce's Campaign as the contract's campaigns: the channel is the
    campaign Type (through the seed salesforce_picklist_values), the budget
    what the campaign cost (ActualCost), else its BudgetedCost; a campaign
    without a StartDate started on the day it was created. #}
with

campaigns as (
    select
        *,
        {{ clean_text('created_date') }} as created_text
    from {{ ref('base_salesforce__campaign') }}
    where not {{ salesforce_is_deleted() }}
)

select
    cast({{ clean_text('id') }} as {{ dbt.type_string() }}) as campaign_id,
    cast({{ clean_text('name') }} as {{ dbt.type_string() }}) as campaign_name,
    cast(
        coalesce({{ salesforce_picklist('campaign.type', 'type') }}, {{ clean_text('type') }})
        as {{ dbt.type_string() }}
    ) as channel,
    cast(
        coalesce(
            {{ clean_text('start_date') }},
            cast(cast({{ parse_timestamp('created_text') }} as date) as {{ dbt.type_string() }})
        ) as {{ dbt.type_string() }}
    ) as started_at,
    cast({{ clean_text('end_date') }} as {{ dbt.type_string() }}) as ended_at,
    cast(
        coalesce({{ clean_text('actual_cost') }}, {{ clean_text('budgeted_cost') }})
        as {{ dbt.type_string() }}
    ) as budget,
    cast({{ clean_text('currency_iso_code') }} as {{ dbt.type_string() }}) as currency,
    cast({{ clean_text('last_modified_date') }} as {{ dbt.type_string() }}) as updated_at
from campaigns
