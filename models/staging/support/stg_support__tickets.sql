{#-
    Free text leaves staging without the person names known to the project: every word that
    is a known name (base_pii__known_names) becomes '[name]' (journey.names_redacted); base
    models have already redacted emails, IP addresses and phone numbers. The cross join adds a
    look-up of one row (the known names as two arrays) to every row, not a join between sources.
-#}
with

base_support__tickets as (
    select * from {{ ref('base_support__tickets') }}
),

base_pii__known_names as (
    select * from {{ ref('base_pii__known_names') }}
),

known_names_listed as (
    {{ journey.known_names_listed_sql('base_pii__known_names') }}
),

base_support__tickets_with_known_names as (
    select
        base_support__tickets.*,
        known_names_listed.any_case_names,
        known_names_listed.capitalised_names
    from base_support__tickets
    cross join known_names_listed
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
        {{ journey.names_redacted('subject', 'any_case_names', 'capitalised_names') }} as subject,
        subject_chars,
        {{ journey.names_redacted('body', 'any_case_names', 'capitalised_names') }} as body,
        body_chars,

        -- timestamps
        created_at,
        cast(created_at as date) as created_date,
        loaded_at
    from base_support__tickets_with_known_names
    where quarantine_reason is null and not is_duplicate
)

select * from valid_tickets
