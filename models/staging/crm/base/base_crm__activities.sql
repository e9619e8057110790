with

source as (
    select * from {{ source('crm', 'crm_activities') }}
),

parsed as (
    select
        -- ids
        cast(activity_id as {{ dbt.type_string() }}) as record_id,
        {{ journey.clean_identifier('activity_id') }} as activity_id,
        {{ journey.clean_identifier('lead_id') }} as lead_id,
        {{ journey.clean_identifier('opportunity_id') }} as opportunity_id,

        -- activity (emails in free text are redacted)
        lower(trim(activity_type)) as activity_type,
        {{ journey.redact_emails('notes') }} as notes,

        -- timestamps
        {{ journey.to_utc_timestamp('activity_at') }} as activity_at,
        {{ journey.to_utc_timestamp('loaded_at') }} as loaded_at
    from source
),

validated as (
    select
        *,
        case
            when activity_id is null then 'missing_id'
            when activity_at is null then 'unparseable_timestamp'
            when {{ journey.is_implausible_timestamp('activity_at') }} then 'implausible_timestamp'
            when {{ journey.is_future_timestamp('activity_at', 'loaded_at') }} then 'future_timestamp'
            when lead_id is null and opportunity_id is null then 'missing_identifier'
        end as validation_reason
    from parsed
),

{{ journey.conflicting_deliveries_quarantined(
    'validated', ['activity_id'],
    ['lead_id', 'opportunity_id', 'activity_type', 'activity_at'],
    tie_breakers=['activity_at'],
) }},

duplicates_flagged as (
    select
        *,
        {{ journey.is_duplicate_delivery(['activity_id'], keep='first', tie_breakers=['activity_at']) }}
            as is_duplicate,
        {{ journey.delivery_number(
            ['activity_id'], keep='first', tie_breakers=['activity_at']
        ) }}
            as delivery_number
    from validated_conflicts_quarantined
)

select * from duplicates_flagged
