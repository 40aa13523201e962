{# Salesforce's OpportunityHistory as the contract's stage history: the
    entries of salesforce__opportunity_stage_entries. #}
select
    opportunity_id,
    stage,
    entered_at
from {{ ref('salesforce__opportunity_stage_entries') }}
