with

base_crm__opportunities as (
    select * from {{ ref('base_crm__opportunities') }}
),

currency_rates as (
    select * from {{ ref('currency_rates') }}
),

valid_opportunities as (
    select * from base_crm__opportunities
    where quarantine_reason is null and not is_duplicate
),

converted as (
    select
        -- ids
        valid_opportunities.opportunity_id,
        valid_opportunities.lead_id,
        valid_opportunities.email_hash,

        -- attributes
        valid_opportunities.opportunity_stage,
        valid_opportunities.amount,
        valid_opportunities.currency,
        valid_opportunities.amount / currency_rates.units_per_reporting_currency as amount_reporting,
        coalesce(valid_opportunities.is_won, valid_opportunities.opportunity_stage = 'closed_won') as is_won,
        valid_opportunities.closed_at is not null as is_closed,

        -- timestamps
        valid_opportunities.created_at,
        valid_opportunities.closed_at,
        valid_opportunities.loaded_at
    from valid_opportunities
    left join currency_rates
        on valid_opportunities.currency = currency_rates.currency_code
)

select * from converted
