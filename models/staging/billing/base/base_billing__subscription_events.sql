with

source as (
    select * from {{ source('billing', 'subscriptions') }}
),

parsed as (
    select
        -- ids
        cast(subscription_event_id as {{ dbt.type_string() }}) as record_id,
        {{ journey.clean_identifier('subscription_event_id') }} as subscription_event_id,
        {{ journey.clean_identifier('subscription_id') }} as subscription_id,
        {{ journey.clean_identifier('user_id') }} as user_id,
        {{ journey.email_hash('email') }} as email_hash,

        -- lifecycle
        lower(trim(event_type)) as subscription_event_type,
        lower(trim(plan)) as plan,
        {{ journey.to_number('mrr') }} as mrr,
        {{ journey.absent_column_default(
            "nullif(upper(trim(currency)), '')", 'currency', 'source', journey.default_currency()
        ) }} as currency,

        -- timestamps
        {{ journey.to_utc_timestamp('event_at') }} as subscription_event_at,
        {{ journey.to_utc_timestamp('loaded_at') }} as loaded_at
    from source
),

validated as (
    select
        *,
        case
            when subscription_event_id is null then 'missing_id'
            when subscription_event_at is null then 'unparseable_timestamp'
            when {{ journey.is_implausible_timestamp('subscription_event_at') }} then 'implausible_timestamp'
            when {{ journey.is_future_timestamp('subscription_event_at', 'loaded_at') }} then 'future_timestamp'
            when user_id is null and email_hash is null then 'missing_identifier'
            when
                subscription_event_type is null
                or subscription_event_type not in (
                    'trial_started', 'activated', 'converted', 'upgraded', 'downgraded', 'renewed', 'cancelled'
                )
                then 'unknown_event_type'
            when mrr < 0 then 'negative_amount'
            when mrr is not null and (currency is null or not {{ journey.is_known_currency('currency') }})
                then 'unknown_currency'
        end as validation_reason
    from parsed
),

{{ journey.conflicting_deliveries_quarantined(
    'validated', ['subscription_event_id'],
    ['subscription_id', 'user_id', 'email_hash', 'subscription_event_type', 'subscription_event_at'],
    tie_breakers=['subscription_event_at'],
) }},

duplicates_flagged as (
    select
        *,
        {{ journey.is_duplicate_delivery(
            ['subscription_event_id'], keep='first', tie_breakers=['subscription_event_at']
        ) }}
            as is_duplicate,
        {{ journey.delivery_number(
            ['subscription_event_id'], keep='first', tie_breakers=['subscription_event_at']
        ) }}
            as delivery_number
    from validated_conflicts_quarantined
)

select * from duplicates_flagged
