with

base_billing__subscription_events as (
    select * from {{ ref('base_billing__subscription_events') }}
),

currency_rates as (
    select * from {{ ref('currency_rates') }}
),

valid_subscription_events as (
    select * from base_billing__subscription_events
    where quarantine_reason is null and not is_duplicate
),

converted as (
    select
        -- ids
        valid_subscription_events.subscription_event_id,
        valid_subscription_events.subscription_id,
        valid_subscription_events.user_id,
        valid_subscription_events.email_hash,

        -- lifecycle
        valid_subscription_events.subscription_event_type,
        valid_subscription_events.plan,
        valid_subscription_events.mrr,
        valid_subscription_events.currency,
        valid_subscription_events.mrr / currency_rates.units_per_reporting_currency as mrr_reporting,

        -- timestamps
        valid_subscription_events.subscription_event_at,
        cast(valid_subscription_events.subscription_event_at as date) as subscription_event_date,
        valid_subscription_events.loaded_at
    from valid_subscription_events
    left join currency_rates
        on valid_subscription_events.currency = currency_rates.currency_code
)

select * from converted
