{# Tasks and events that are sales activities, in the contract's
    activities columns, deleted ones included (is_deleted). The activity
    type: for a task, its TaskSubtype, else its Type; for an event, its
    Type, else meeting; each read through the seed salesforce_picklist_values
    (task.task_subtype, activity.type) or as a label in its own right, and
    kept when it is call, email, meeting or demo. A task with neither (a
    to-do) or still open (IsClosed false: planned, not done) is no activity
    and not mapped. The links are polymorphic: WhatId with prefix 006 is the
    deal, 001 the account (else AccountId); WhoId with prefix 00Q the lead.
    When: a task's CompletedDateTime, else ActivityDate, else CreatedDate;
    an event's start (ActivityDateTime, StartDateTime, ActivityDate), else
    CreatedDate. Salesforce records no outcome. #}
{%- set activity_types = "('call', 'email', 'meeting', 'demo')" %}
with

tasks as (
    select
        *,
        coalesce(
            {{ salesforce_picklist('task.task_subtype', 'task_subtype') }},
            {{ normalize_label(clean_text('task_subtype')) }}
        ) as subtype_label,
        coalesce(
            {{ salesforce_picklist('activity.type', 'type') }},
            {{ normalize_label(clean_text('type')) }}
        ) as type_label
    from {{ ref('base_salesforce__task') }}
    where not coalesce(lower({{ clean_text('is_closed') }}) in ('false', '0'), false)
),

events as (
    select
        *,
        coalesce(
            {{ salesforce_picklist('activity.type', 'type') }},
            {{ normalize_label(clean_text('type')) }}
        ) as type_label
    from {{ ref('base_salesforce__event') }}
),

activities as (
    select
        {{ clean_text('id') }} as id,
        {{ clean_text('owner_id') }} as owner_id,
        case
            when subtype_label in {{ activity_types }} then subtype_label
            when type_label in {{ activity_types }} then type_label
        end as activity_type,
        coalesce(
            {{ clean_text('completed_date_time') }},
            {{ clean_text('activity_date') }},
            {{ clean_text('created_date') }}
        ) as occurred_at,
        {{ clean_text('who_id') }} as who_id,
        {{ clean_text('what_id') }} as what_id,
        {{ clean_text('account_id') }} as account_id,
        {{ clean_text('last_modified_date') }} as updated_at,
        {{ salesforce_is_deleted() }} as is_deleted
    from tasks

    union all

    select
        {{ clean_text('id') }} as id,
        {{ clean_text('owner_id') }} as owner_id,
        case
            when type_label in {{ activity_types }} then type_label
            else 'meeting'
        end as activity_type,
        coalesce(
            {{ clean_text('activity_date_time') }},
            {{ clean_text('start_date_time') }},
            {{ clean_text('activity_date') }},
            {{ clean_text('created_date') }}
        ) as occurred_at,
        {{ clean_text('who_id') }} as who_id,
        {{ clean_text('what_id') }} as what_id,
        {{ clean_text('account_id') }} as account_id,
        {{ clean_text('last_modified_date') }} as updated_at,
        {{ salesforce_is_deleted() }} as is_deleted
    from events
)

select
    cast(id as {{ dbt.type_string() }}) as activity_id,
    cast(owner_id as {{ dbt.type_string() }}) as rep_id,
    cast(activity_type as {{ dbt.type_string() }}) as activity_type,
    cast(occurred_at as {{ dbt.type_string() }}) as occurred_at,
    cast({{ salesforce_id_of('who_id', '00Q') }} as {{ dbt.type_string() }}) as lead_id,
    cast({{ salesforce_id_of('what_id', '006') }} as {{ dbt.type_string() }}) as opportunity_id,
    cast(coalesce({{ salesforce_id_of('what_id', '001') }}, account_id) as {{ dbt.type_string() }}) as account_id,
    cast(null as {{ dbt.type_string() }}) as outcome,
    cast(updated_at as {{ dbt.type_string() }}) as updated_at,
    is_deleted
from activities
where activity_type is not null
