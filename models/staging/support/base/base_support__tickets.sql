with

source as (
    select * from {{ source('support', 'support_tickets') }}
),

parsed as (
    select
        -- ids
        cast(ticket_id as {{ dbt.type_string() }}) as record_id,
        {{ journey.clean_identifier('ticket_id') }} as ticket_id,
        {{ journey.clean_identifier('user_id') }} as user_id,
        {{ journey.email_hash('email') }} as email_hash,

        -- ticket (emails in free text are redacted)
        lower(trim(channel)) as ticket_channel,
        lower(trim(status)) as ticket_status,
        {{ journey.redact_emails('subject') }} as subject,
        {{ journey.redact_emails('body') }} as body,

        -- timestamps
        {{ journey.to_utc_timestamp('created_at') }} as created_at,
        {{ journey.to_utc_timestamp('loaded_at') }} as loaded_at
    from source
),

validated as (
    select
        *,
        case
            when ticket_id is null then 'missing_id'
            when created_at is null then 'unparseable_timestamp'
            when {{ journey.is_implausible_timestamp('created_at') }} then 'implausible_timestamp'
            when {{ journey.is_future_timestamp('created_at', 'loaded_at') }} then 'future_timestamp'
        end as quarantine_reason
    from parsed
),

duplicates_flagged as (
    select
        *,
        {{ journey.is_duplicate_delivery(['ticket_id'], keep='last', tie_breakers=['ticket_status']) }} as is_duplicate,
        {{ journey.delivery_number(
            ['ticket_id'], keep='last', tie_breakers=['ticket_status']
        ) }}
            as delivery_number
    from validated
)

select * from duplicates_flagged
