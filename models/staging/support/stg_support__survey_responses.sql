{#-
    Free text leaves staging without the person names known to the project: every word that
    is a known name (base_pii__known_names) becomes '[name]' (journey.names_redacted); base
    models have already redacted emails, IP addresses and phone numbers. The cross join adds a
    look-up of one row (the known names as two arrays) to every row, not a join between sources.
-#}
with

base_support__survey_responses as (
    select * from {{ ref('base_support__survey_responses') }}
),

base_pii__known_names as (
    select * from {{ ref('base_pii__known_names') }}
),

known_names_listed as (
    {{ journey.known_names_listed_sql('base_pii__known_names') }}
),

base_support__survey_responses_with_known_names as (
    select
        base_support__survey_responses.*,
        known_names_listed.any_case_names,
        known_names_listed.capitalised_names
    from base_support__survey_responses
    cross join known_names_listed
),

valid_survey_responses as (
    select
        -- ids
        response_id,
        user_id,
        email_hash,
        ticket_id,

        -- response
        survey_type,
        score,
        {{ journey.names_redacted('comment_text', 'any_case_names', 'capitalised_names') }} as comment_text,
        comment_chars,
        case
            when survey_type = 'nps' and score >= 9 then 'promoter'
            when survey_type = 'nps' and score >= 7 then 'passive'
            when survey_type = 'nps' then 'detractor'
        end as nps_category,

        -- timestamps
        responded_at,
        cast(responded_at as date) as responded_date,
        loaded_at
    from base_support__survey_responses_with_known_names
    where quarantine_reason is null and not is_duplicate
)

select * from valid_survey_responses
