{#-
    One row per free text a person wrote or a colleague wrote about them: support
    tickets (subject and body; chats are tickets of channel chat), survey comments
    and CRM notes (calls, meetings, emails, notes; system-generated stage changes are
    left out). text_id is the id of the text's activity on the person timeline.
    normalized_text is the text ready for tokenising (see the normalize_text macro).
    Staging has already redacted and capped each text (journey.free_text); raw_text_chars is
    the length of the raw text, from the lengths staging kept.
-#}
with

stg_support__tickets as (
    select * from {{ ref('stg_support__tickets') }}
),

stg_support__survey_responses as (
    select * from {{ ref('stg_support__survey_responses') }}
),

stg_crm__activities as (
    select * from {{ ref('stg_crm__activities') }}
),

texts_unioned as (
    select
        {{ dbt.concat(["'ticket:'", 'ticket_id']) }} as text_id,
        case when ticket_channel = 'chat' then 'support_chat' else 'support_ticket' end as text_source,
        ticket_channel as text_kind,
        ticket_id as source_record_id,
        ticket_id,
        cast(null as {{ dbt.type_string() }}) as survey_type,
        cast(null as {{ dbt.type_bigint() }}) as survey_score,
        cast(null as {{ dbt.type_string() }}) as nps_category,
        {{ dbt.concat(["coalesce(subject, '')", "' '", "coalesce(body, '')"]) }} as raw_text,
        coalesce(subject_chars, 0) + 1 + coalesce(body_chars, 0) as raw_text_chars,
        created_at as written_at
    from stg_support__tickets

    union all

    select
        {{ dbt.concat(["'survey:'", 'response_id']) }} as text_id,
        'survey_comment' as text_source,
        survey_type as text_kind,
        response_id as source_record_id,
        ticket_id,
        survey_type,
        score as survey_score,
        nps_category,
        comment_text as raw_text,
        coalesce(comment_chars, 0) as raw_text_chars,
        responded_at as written_at
    from stg_support__survey_responses

    union all

    select
        {{ dbt.concat(["'crm_activity:'", 'activity_id']) }} as text_id,
        'crm_note' as text_source,
        activity_type as text_kind,
        activity_id as source_record_id,
        cast(null as {{ dbt.type_string() }}) as ticket_id,
        cast(null as {{ dbt.type_string() }}) as survey_type,
        cast(null as {{ dbt.type_bigint() }}) as survey_score,
        cast(null as {{ dbt.type_string() }}) as nps_category,
        notes as raw_text,
        coalesce(notes_chars, 0) as raw_text_chars,
        activity_at as written_at
    from stg_crm__activities
    where activity_type <> 'stage_change'
),

texts_normalized as (
    select
        text_id,
        text_source,
        text_kind,
        source_record_id,
        ticket_id,
        survey_type,
        survey_score,
        nps_category,
        written_at,
        cast(written_at as date) as written_date,
        raw_text_chars,
        raw_text_chars > {{ var('journey_text_max_chars') }} as is_truncated,
        {{ journey.normalize_text('raw_text') }} as normalized_text
    from texts_unioned
),

texts_flagged as (
    select
        *,
        normalized_text = '' as is_empty_text
    from texts_normalized
)

select * from texts_flagged
