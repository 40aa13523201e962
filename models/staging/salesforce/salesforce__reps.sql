{# Salesforce's User as the contract's reps: every user (a rep without
    deals or activities shows in no KPI). The team is the name of the user's
    role (UserRole), the region the country code of the user's address.
    Salesforce records no hire or leaving date. #}
with

users as (
    select * from {{ ref('base_salesforce__user') }}
    where not {{ salesforce_is_deleted() }}
),

roles as (
    select
        {{ clean_text('id') }} as role_id,
        {{ clean_text('name') }} as role_name
    from {{ ref('base_salesforce__user_role') }}
    where not {{ salesforce_is_deleted() }}
),

{# One name per role Id, should a role arrive twice. #}
role_names as (
    select
        role_id,
        min(role_name) as role_name
    from roles
    group by role_id
)

select
    cast({{ clean_text('users.id') }} as {{ dbt.type_string() }}) as rep_id,
    cast({{ clean_text('users.name') }} as {{ dbt.type_string() }}) as full_name,
    cast({{ clean_text('users.email') }} as {{ dbt.type_string() }}) as email,
    cast(role_names.role_name as {{ dbt.type_string() }}) as team,
    cast({{ clean_text('users.country_code') }} as {{ dbt.type_string() }}) as region,
    cast({{ clean_text('users.manager_id') }} as {{ dbt.type_string() }}) as manager_id,
    cast(null as {{ dbt.type_string() }}) as hired_at,
    cast(null as {{ dbt.type_string() }}) as left_at,
    cast({{ clean_text('users.last_modified_date') }} as {{ dbt.type_string() }}) as updated_at
from users
left join role_names
    on {{ clean_text('users.user_role_id') }} = role_names.role_id
