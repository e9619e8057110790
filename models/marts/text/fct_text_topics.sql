{#-
    One row per free text (support ticket or chat, survey comment, CRM note) with its
    primary topic and its place on the person's timeline. Grain: text_id.
-#}
with

int_texts_placed as (
    select * from {{ ref('int_texts_placed') }}
),

texts_final as (
    select
        cast(text_id as {{ dbt.type_string() }}) as text_id,
        cast(text_source as {{ dbt.type_string() }}) as text_source,
        cast(text_kind as {{ dbt.type_string() }}) as text_kind,
        cast(source_record_id as {{ dbt.type_string() }}) as source_record_id,
        cast(person_id as {{ dbt.type_string() }}) as person_id,
        cast(ticket_id as {{ dbt.type_string() }}) as ticket_id,
        cast(written_at as {{ dbt.type_timestamp() }}) as written_at,
        cast(written_date as date) as written_date,
        cast({{ dbt.date_trunc('week', 'written_date') }} as date) as written_week,
        cast(primary_topic as {{ dbt.type_string() }}) as primary_topic,
        cast(primary_topic_score as {{ journey.type_double() }}) as primary_topic_score,
        cast(topic_confidence as {{ journey.type_double() }}) as topic_confidence,
        cast(matched_topics as {{ dbt.type_bigint() }}) as matched_topics,
        cast(is_categorised as boolean) as is_categorised,
        cast(is_empty_text as boolean) as is_empty_text,
        cast(is_truncated as boolean) as is_truncated,
        cast(raw_text_chars as {{ dbt.type_bigint() }}) as raw_text_chars,
        cast(journey_stage as {{ dbt.type_string() }}) as journey_stage,
        cast(milestone_activity as {{ dbt.type_string() }}) as milestone_activity,
        cast(previous_activity as {{ dbt.type_string() }}) as previous_activity,
        cast(plan as {{ dbt.type_string() }}) as plan,
        cast(has_failed_payment_before as boolean) as has_failed_payment_before,
        cast(has_onboarding_step_before as boolean) as has_onboarding_step_before,
        cast(has_error_before as boolean) as has_error_before,
        cast(preceding_friction_activity as {{ dbt.type_string() }}) as preceding_friction_activity,
        cast(survey_type as {{ dbt.type_string() }}) as survey_type,
        cast(survey_score as {{ dbt.type_bigint() }}) as survey_score,
        cast(nps_category as {{ dbt.type_string() }}) as nps_category
    from int_texts_placed
)

select * from texts_final
