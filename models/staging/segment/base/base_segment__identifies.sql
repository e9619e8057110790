{#-
    Every row of Segment's identifies table, parsed and validated. An identify call links
    the device (anonymous_id) with the account (user_id) and carries the person's traits;
    its email trait is hashed like every other email. The call's time follows Segment's
    clock-skew rule (journey.segment_event_at), as the base model of its events does.
    A redelivered message id is a duplicate (the first load is kept), or, when it names
    other people, a conflicting_duplicate.
-#}
with

segment_identifies as (
    select * from {{ source('tracking', 'segment_identifies') }}
),

identifies_timed as (
    select
        *,
        {{ journey.to_utc_timestamp('received_at') }} as received_at_utc,
        {{ journey.to_utc_timestamp('sent_at') }} as sent_at_utc,
        {{ journey.to_utc_timestamp('original_timestamp') }} as original_timestamp_utc,
        {{ journey.to_utc_timestamp(adapter.quote('timestamp')) }} as segment_timestamp_utc
    from segment_identifies
),

parsed as (
    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as record_id,
        {{ journey.clean_identifier('id') }} as identify_id,
        {{ journey.clean_identifier('anonymous_id') }} as anonymous_id,
        {{ journey.clean_identifier('user_id') }} as user_id,
        {{ journey.email_hash('email') }} as email_hash,

        -- client
        lower(context_user_agent) as user_agent_lower,

        -- timestamps
        {{ journey.segment_event_at(
            'received_at_utc', 'sent_at_utc', 'original_timestamp_utc', 'segment_timestamp_utc'
        ) }} as identified_at,
        coalesce(
            {{ journey.to_utc_timestamp('loaded_at') }},
            {{ journey.to_utc_timestamp('uuid_ts') }},
            received_at_utc
        ) as loaded_at
    from identifies_timed
),

validated as (
    select
        *,
        case
            when identify_id is null then 'missing_id'
            when identified_at is null then 'unparseable_timestamp'
            when {{ journey.is_implausible_timestamp('identified_at') }} then 'implausible_timestamp'
            when {{ journey.is_future_timestamp('identified_at', 'loaded_at') }} then 'future_timestamp'
            when anonymous_id is null and user_id is null then 'missing_identifier'
        end as validation_reason
    from parsed
),

{{ journey.conflicting_deliveries_quarantined(
    'validated', ['identify_id'],
    ['anonymous_id', 'user_id', 'email_hash', 'identified_at'],
    tie_breakers=['identified_at', 'anonymous_id'],
) }},

duplicates_flagged as (
    select
        *,
        {{ journey.is_duplicate_delivery(
            ['identify_id'], keep='first', tie_breakers=['identified_at', 'anonymous_id']
        ) }}
            as is_duplicate,
        {{ journey.delivery_number(
            ['identify_id'], keep='first', tie_breakers=['identified_at', 'anonymous_id']
        ) }}
            as delivery_number
    from validated_conflicts_quarantined
)

select * from duplicates_flagged
