{# Salesforce's Product2 as the contract's products; the product family is
    the product line. Product2 has no price (prices live in price book
    entries, which are not read): list_price is empty. #}
select
    cast({{ clean_text('id') }} as {{ dbt.type_string() }}) as product_id,
    cast({{ clean_text('name') }} as {{ dbt.type_string() }}) as product_name,
    cast({{ clean_text('family') }} as {{ dbt.type_string() }}) as product_line,
    cast(null as {{ dbt.type_string() }}) as list_price,
    cast(null as {{ dbt.type_string() }}) as currency,
    cast({{ clean_text('last_modified_date') }} as {{ dbt.type_string() }}) as updated_at
from {{ ref('base_salesforce__product_2') }}
where not {{ salesforce_is_deleted() }}
