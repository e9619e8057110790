with

base_email__email_events as (
    select * from {{ ref('base_email__email_events') }}
),

valid_email_events as (
    select
        -- ids
        email_event_id,
        email_hash,
        email_campaign_id,

        -- event
        email_event_type,
        email_campaign_name,
        utm_campaign,
        link_url,

        -- timestamps
        email_event_at,
        cast(email_event_at as date) as email_event_date,
        loaded_at,
        is_late_arriving
    from base_email__email_events
    where quarantine_reason is null and not is_duplicate
)

select * from valid_email_events
