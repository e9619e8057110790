with

base_support__survey_responses as (
    select * from {{ ref('base_support__survey_responses') }}
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
        comment_text,
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
    from base_support__survey_responses
    where quarantine_reason is null and not is_duplicate
)

select * from valid_survey_responses
