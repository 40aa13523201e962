{# Stage entries from OpportunityHistory, one per change of a deal's stage,
    as the marts read stage history (the stage at T is the last entry at or
    before T; time in a stage runs to the next entry):
    - a row repeating the stage before it is no change (OpportunityHistory
      also logs amount, probability and close-date changes): dropped, so
      time in the stage runs from its first row; a move back to an earlier
      stage is a change and kept;
    - rows dated at or before the deal's creation (imports, backdated
      history) collapse into one entry at created_at, with the stage of the
      last of them: the stage the deal was created in;
    - when the deal's current stage is not its last stage in the history,
      an entry for it is added (is_added_current_stage), dated at the close
      for a closed deal, else at LastStageChangeDate, else LastModifiedDate,
      if that is after the last history row, else 1 second after it.
    Rows of deleted deals are left out (salesforce__deleted_rows counts
    them); rows without a stage or whose time does not parse are passed on as
    written (staging quarantines them). A deal without history gets no entries (fct derives
    them from the deal). #}
with

history_texts as (
    select
        {{ clean_text('opportunity_id') }} as opportunity_id,
        {{ clean_text('stage_name') }} as stage_name,
        {{ clean_text('created_date') }} as entered_at_text
    from {{ ref('base_salesforce__opportunity_history') }}
    where not {{ salesforce_is_deleted() }}
),

history as (
    select
        *,
        {{ parse_timestamp('entered_at_text') }} as entered_at
    from history_texts
),

opportunity_texts as (
    select
        {{ clean_text('id') }} as opportunity_id,
        {{ salesforce_is_deleted() }} as is_deleted,
        {{ clean_text('last_stage_change_date') }} as last_stage_change_text,
        {{ clean_text('last_modified_date') }} as last_modified_text
    from {{ ref('base_salesforce__opportunity') }}
),

opportunity_rows as (
    select
        opportunity_id,
        is_deleted,
        {{ parse_timestamp('last_stage_change_text') }} as last_stage_change_at,
        {{ parse_timestamp('last_modified_text') }} as last_modified_at
    from opportunity_texts
),

deleted_deals as (
    select opportunity_id
    from opportunity_rows
    group by opportunity_id
    having min(case when is_deleted then 1 else 0 end) = 1
),

{# One row per live deal (the latest, as staging picks it), with its
    creation and close as the mapping reads them. #}
deals as (
    select
        opportunity_id,
        stage_name,
        created_at,
        closed_at,
        last_stage_change_at,
        last_modified_at
    from (
        select
            opportunities.opportunity_id,
            opportunities.stage as stage_name,
            {{ parse_timestamp('opportunities.created_at') }} as created_at,
            {{ parse_timestamp('opportunities.closed_at') }} as closed_at,
            opportunity_rows.last_stage_change_at,
            opportunity_rows.last_modified_at,
            row_number() over (
                partition by opportunities.opportunity_id
                order by opportunity_rows.last_modified_at desc nulls last, opportunities.stage asc
            ) as version_number
        from {{ ref('salesforce__opportunities') }} as opportunities
        inner join opportunity_rows
            on
                opportunities.opportunity_id = opportunity_rows.opportunity_id
                and not opportunity_rows.is_deleted
    ) as versions
    where version_number = 1
),

pipeline_stages as (
    select * from {{ ref('salesforce__pipeline_stages') }}
),

live_history as (
    select history.*
    from history
    left join deleted_deals
        on history.opportunity_id = deleted_deals.opportunity_id
    where deleted_deals.opportunity_id is null
),

timed as (
    select
        live_history.opportunity_id,
        live_history.stage_name,
        {{ normalize_label('live_history.stage_name') }} as stage,
        coalesce(pipeline_stages.stage_order, 0) as stage_order,
        live_history.entered_at,
        case
            when live_history.entered_at < deals.created_at then deals.created_at
            else live_history.entered_at
        end as entry_at,
        coalesce(live_history.entered_at <= deals.created_at, false) as is_at_creation
    from live_history
    left join deals
        on live_history.opportunity_id = deals.opportunity_id
    left join pipeline_stages
        on {{ normalize_label('live_history.stage_name') }} = pipeline_stages.stage
    where live_history.entered_at is not null and live_history.stage_name is not null
),

{# Of the rows at or before creation, the last one. #}
kept as (
    select *
    from (
        select
            *,
            row_number() over (
                partition by opportunity_id, is_at_creation
                order by entered_at desc, stage_order desc, stage desc
            ) as creation_rank
        from timed
    ) as ranked
    where not is_at_creation or creation_rank = 1
),

ordered as (
    select
        *,
        lag(stage) over (
            partition by opportunity_id
            order by entry_at, stage_order, stage
        ) as previous_stage,
        row_number() over (
            partition by opportunity_id
            order by entry_at desc, stage_order desc, stage desc
        ) as rank_from_last
    from kept
),

changes as (
    select
        opportunity_id,
        stage_name,
        entry_at
    from ordered
    where previous_stage is null or previous_stage <> stage
),

added_current_stages as (
    select
        deals.opportunity_id,
        deals.stage_name,
        case
            when
                coalesce(deals.closed_at, deals.last_stage_change_at, deals.last_modified_at)
                > last_rows.entry_at
                then coalesce(deals.closed_at, deals.last_stage_change_at, deals.last_modified_at)
            else {{ dbt.dateadd('second', 1, 'last_rows.entry_at') }}
        end as entry_at
    from deals
    inner join ordered as last_rows
        on
            deals.opportunity_id = last_rows.opportunity_id
            and last_rows.rank_from_last = 1
    where {{ normalize_label('deals.stage_name') }} <> last_rows.stage
),

unparsed as (
    select
        opportunity_id,
        stage_name,
        entered_at_text
    from live_history
    where entered_at is null or stage_name is null
)

select
    opportunity_id,
    stage_name as stage,
    cast(entry_at as {{ dbt.type_string() }}) as entered_at,
    false as is_added_current_stage
from changes
union all
select
    opportunity_id,
    stage_name as stage,
    cast(entry_at as {{ dbt.type_string() }}) as entered_at,
    true as is_added_current_stage
from added_current_stages
union all
select
    opportunity_id,
    stage_name as stage,
    entered_at_text as entered_at,
    false as is_added_current_stage
from unparsed
