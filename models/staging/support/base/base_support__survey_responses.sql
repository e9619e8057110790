with

source as (
    select * from {{ source('support', 'survey_responses') }}
),

parsed as (
    select
        -- ids
        cast(response_id as {{ dbt.type_string() }}) as record_id,
        {{ journey.clean_identifier('response_id') }} as response_id,
        {{ journey.clean_identifier('user_id') }} as user_id,
        {{ journey.email_hash('email') }} as email_hash,
        {{ journey.clean_identifier('ticket_id') }} as ticket_id,

        -- response (emails in free text are redacted)
        lower(trim(survey_type)) as survey_type,
        {{ journey.to_integer('score') }} as score,
        {{ journey.redact_emails('comment') }} as comment_text,

        -- timestamps
        {{ journey.to_utc_timestamp('responded_at') }} as responded_at,
        {{ journey.to_utc_timestamp('loaded_at') }} as loaded_at
    from source
),

validated as (
    select
        *,
        case
            when response_id is null then 'missing_id'
            when responded_at is null then 'unparseable_timestamp'
            when {{ journey.is_implausible_timestamp('responded_at') }} then 'implausible_timestamp'
            when {{ journey.is_future_timestamp('responded_at', 'loaded_at') }} then 'future_timestamp'
            when survey_type is null or survey_type not in ('nps', 'csat') then 'unknown_event_type'
            when
                score is null
                or (survey_type = 'nps' and (score < 0 or score > 10))
                or (survey_type = 'csat' and (score < 1 or score > 5))
                then 'score_out_of_range'
        end as validation_reason
    from parsed
),

{{ journey.conflicting_deliveries_quarantined(
    'validated', ['response_id'],
    ['user_id', 'email_hash', 'survey_type', 'score', 'responded_at'],
    tie_breakers=['responded_at'],
) }},

duplicates_flagged as (
    select
        *,
        {{ journey.is_duplicate_delivery(['response_id'], keep='first', tie_breakers=['responded_at']) }}
            as is_duplicate,
        {{ journey.delivery_number(
            ['response_id'], keep='first', tie_breakers=['responded_at']
        ) }}
            as delivery_number
    from validated_conflicts_quarantined
)

select * from duplicates_flagged
