{# The input contract's reps: HubSpot's owners, one row per owner. team is
    the owner's primary team (else the first of its teams by name); HubSpot
    holds no region, manager, hire or leave date. #}
with

owners as (
    select * from {{ source_table('hubspot', 'owner') }}
),

owner_teams as (
    select * from {{ source_table('hubspot', 'owner_team') }}
),

teams as (
    select * from {{ source_table('hubspot', 'team') }}
),

ranked_teams as (
    select
        {{ clean_text('owner_teams.owner_id') }} as owner_id,
        {{ clean_text('teams.name') }} as team,
        row_number() over (
            partition by {{ clean_text('owner_teams.owner_id') }}
            order by
                case when {{ hubspot_flag('owner_teams.is_team_primary') }} then 0 else 1 end,
                {{ clean_text('teams.name') }}
        ) as team_rank
    from owner_teams
    inner join teams
        on {{ clean_text('owner_teams.team_id') }} = {{ clean_text('teams.id') }}
),

primary_teams as (
    select
        owner_id,
        team
    from ranked_teams
    where team_rank = 1
)

select
    {{ clean_text('owners.owner_id') }} as rep_id,
    nullif(trim({{ dbt.concat([
        "coalesce(" ~ clean_text('owners.first_name') ~ ", '')", "' '",
        "coalesce(" ~ clean_text('owners.last_name') ~ ", '')",
    ]) }}), '') as full_name,
    owners.email,
    primary_teams.team,
    cast(null as {{ dbt.type_string() }}) as region,
    cast(null as {{ dbt.type_string() }}) as manager_id,
    cast(null as {{ dbt.type_string() }}) as hired_at,
    cast(null as {{ dbt.type_string() }}) as left_at,
    owners.updated_at
from owners
left join primary_teams
    on {{ clean_text('owners.owner_id') }} = primary_teams.owner_id
