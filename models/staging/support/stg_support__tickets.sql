with

base_support__tickets as (
    select * from {{ ref('base_support__tickets') }}
),

valid_tickets as (
    select
        -- ids
        ticket_id,
        user_id,
        email_hash,

        -- ticket
        ticket_channel,
        ticket_status,
        subject,
        subject_chars,
        body,
        body_chars,

        -- timestamps
        created_at,
        cast(created_at as date) as created_date,
        loaded_at
    from base_support__tickets
    where quarantine_reason is null and not is_duplicate
)

select * from valid_tickets
