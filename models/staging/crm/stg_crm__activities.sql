{#-
    Free text leaves staging without the person names known to the project: every word that
    is a known name (base_pii__known_names) becomes '[name]' (journey.names_redacted); base
    models have already redacted emails, IP addresses and phone numbers. The cross join adds a
    look-up of one row (the known names as two arrays) to every row, not a join between sources.
-#}
with

base_crm__activities as (
    select * from {{ ref('base_crm__activities') }}
),

base_pii__known_names as (
    select * from {{ ref('base_pii__known_names') }}
),

known_names_listed as (
    {{ journey.known_names_listed_sql('base_pii__known_names') }}
),

base_crm__activities_with_known_names as (
    select
        base_crm__activities.*,
        known_names_listed.any_case_names,
        known_names_listed.capitalised_names
    from base_crm__activities
    cross join known_names_listed
),

valid_activities as (
    select
        -- ids
        activity_id,
        lead_id,
        opportunity_id,

        -- activity
        activity_type,
        {{ journey.names_redacted('notes', 'any_case_names', 'capitalised_names') }} as notes,
        notes_chars,

        -- timestamps
        activity_at,
        cast(activity_at as date) as activity_date,
        loaded_at
    from base_crm__activities_with_known_names
    where quarantine_reason is null and not is_duplicate
)

select * from valid_activities
