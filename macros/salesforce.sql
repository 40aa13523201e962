{#- Helpers of the Salesforce mapping (models/staging/salesforce/). -#}

{#- A Salesforce checkbox (true/false, TRUE/FALSE, 1/0, typed or text) as a
    boolean; empty is false. -#}
{% macro salesforce_flag(column) -%}
    coalesce(lower({{ clean_text(column) }}) in ('true', '1'), false)
{%- endmacro %}

{#- True for a row the mapping excludes as not current: deleted in
    Salesforce (is_deleted, in the Recycle Bin or merged away), deleted as
    Fivetran saw it (_fivetran_deleted), or, with Fivetran History Mode, a
    version that is no longer active (_fivetran_active false). Every source
    table declares the three columns (NULL where it has none). -#}
{% macro salesforce_is_deleted() -%}
    (
        {{ salesforce_flag('is_deleted') }}
        or {{ salesforce_flag('_fivetran_deleted') }}
        or coalesce(lower({{ clean_text('_fivetran_active') }}) in ('false', '0'), false)
    )
{%- endmacro %}

{#- A Salesforce picklist value in the contract's vocabulary: the
    contract_value the seed salesforce_picklist_values gives for the field
    (e.g. 'opportunity.type') and the value (compared trimmed and
    lower-cased); NULL when the seed does not list it. -#}
{% macro salesforce_picklist(field, column) -%}
    (
        select picklist.contract_value
        from {{ ref('salesforce_picklist_values') }} as picklist
        where
            picklist.field = '{{ field }}'
            and lower(picklist.salesforce_value) = lower({{ clean_text(column) }})
    )
{%- endmacro %}

{#- An Id when it is a record of the object with this key prefix (the first
    three characters of every Salesforce Id: 006 Opportunity, 001 Account,
    00Q Lead, 005 User), else NULL: what_id, who_id and owner_id are
    polymorphic. -#}
{% macro salesforce_id_of(column, key_prefix) -%}
    case
        when {{ clean_text(column) }} like '{{ key_prefix }}%' then {{ clean_text(column) }}
    end
{%- endmacro %}
