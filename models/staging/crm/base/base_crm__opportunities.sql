with

source as (
    select * from {{ crm_source('opportunities') }}
),

fx_rates as (
    select * from {{ ref('stg_crm__fx_rates') }}
),

pipeline_stages as (
    select * from {{ ref('stg_crm__pipeline_stages') }}
),

texts as (
    select
        {{ clean_text('opportunity_id') }} as opportunity_id,
        {{ clean_text('account_id') }} as account_id,
        {{ clean_text('lead_id') }} as lead_id,
        {{ clean_text('owner_rep_id') }} as owner_rep_id,
        {{ clean_text('product_id') }} as product_id,
        {{ clean_text('opportunity_type') }} as opportunity_type_text,
        {{ clean_text('amount') }} as amount_text,
        coalesce(upper({{ clean_text('currency') }}), {{ reporting_currency() }}) as currency,
        {{ clean_text('created_at') }} as created_at_text,
        {{ clean_text('expected_close_date') }} as expected_close_date_text,
        {{ clean_text('closed_at') }} as closed_at_text,
        {{ clean_text('stage') }} as stage_text,
        {{ clean_text('loss_reason') }} as loss_reason,
        {{ clean_text('updated_at') }} as updated_at_text,
        {{ record_key(['opportunity_id']) }} as record_key,
        {{ raw_row_text(['opportunity_id', 'account_id', 'lead_id', 'owner_rep_id',
            'product_id', 'opportunity_type', 'amount', 'currency', 'created_at',
            'expected_close_date', 'closed_at', 'stage', 'loss_reason', 'updated_at']) }} as raw_row
    from source
),

parsed as (
    select
        *,
        case
            when opportunity_type_text is null then 'new_business'
            else coalesce(
                {{ known_label('opportunity_type_text', ['new_business', 'upsell', 'cross_sell', 'renewal']) }},
                'unknown'
            )
        end as opportunity_type,
        {{ parse_decimal('amount_text', 28, 4) }} as amount_in_currency,
        {{ parse_timestamp('created_at_text') }} as created_at,
        {{ parse_date('expected_close_date_text') }} as expected_close_date,
        {{ parse_timestamp('closed_at_text') }} as parsed_closed_at,
        {{ normalize_label('stage_text') }} as stage,
        {{ parse_timestamp('updated_at_text') }} as updated_at
    from texts
),

staged as (
    select
        parsed.*,
        pipeline_stages.stage is not null as is_known_stage,
        coalesce(pipeline_stages.is_closed, false) as is_closed,
        coalesce(pipeline_stages.is_won, false) as is_won,
        -- closed_at only means something on a closed deal; on an open deal it
        -- is ignored (and listed in audit_data_quality_warnings).
        case when pipeline_stages.is_closed then parsed.parsed_closed_at end as closed_at
    from parsed
    left join pipeline_stages
        on parsed.stage = pipeline_stages.stage
),

{# The amount converts at the deal's close date: closed_at, or
    expected_close_date while open (created_at when neither is known). #}
converted as (
    {{ with_fx_rate(
        'staged',
        'cast(coalesce(staged.closed_at, staged.expected_close_date, staged.created_at) as date)',
    ) }}
),

validated as (
    select
        *,
        case
            when opportunity_id is null then 'missing opportunity_id'
            when owner_rep_id is null then 'missing owner_rep_id'
            when created_at_text is null then 'missing created_at'
            when created_at is null then 'unparseable created_at'
            when {{ implausible_year('created_at') }} then 'implausible year in created_at'
            when stage_text is null then 'missing stage'
            when not is_known_stage then 'invalid stage'
            when expected_close_date_text is not null and expected_close_date is null
                then 'unparseable expected_close_date'
            when {{ implausible_year('expected_close_date') }} then 'implausible year in expected_close_date'
            when closed_at_text is not null and parsed_closed_at is null then 'unparseable closed_at'
            when {{ implausible_year('parsed_closed_at') }} then 'implausible year in closed_at'
            when is_closed and closed_at is null then 'missing closed_at'
            when closed_at < created_at then 'closed_at before created_at'
            when amount_text is not null and amount_in_currency is null then 'unparseable amount'
            when {{ amount_out_of_range('amount_in_currency') }} then 'amount out of range'
            when amount_in_currency < 0 then 'negative amount'
            when is_closed and amount_in_currency is null then 'missing amount'
            when fx_rate is null then 'unknown currency'
            when updated_at_text is not null and updated_at is null then 'unparseable updated_at'
            when {{ implausible_year('updated_at') }} then 'implausible year in updated_at'
        end as rejection_reason
    from converted
)

select
    *,
    case
        when not {{ amount_out_of_range('amount_in_currency') }}
            then cast(amount_in_currency * fx_rate as decimal(18, 2))
    end as amount,
    rejection_reason is null
    and row_number() over (
        partition by rejection_reason is null, opportunity_id
        order by updated_at desc nulls last, raw_row asc
    ) > 1 as is_superseded
from validated
