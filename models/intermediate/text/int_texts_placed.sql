{#-
    One row per text (int_texts_categorized) placed on its person's timeline.
    journey_stage: the journey stage of the person's latest milestone before the
    text, a milestone being a conversion (metric_family 'conversion': sign-up, trial,
    order, lead ...) or an onboarding activity; 'awareness' when the person has
    earlier activities but no milestone, 'unknown' when the text is the person's
    first activity or has no person. (The stage of the plain latest activity would
    mostly be that of a page view or an email.) plan: the latest plan seen on the
    timeline up to the text; previous_activity: the person's activity just before
    the text. Context flags: a failed payment (payment_failed or
    order_failed), an onboarding step, an error or any friction activity within
    journey_text_context_days before the text; support activities (other tickets,
    surveys) are not context.
-#}
with

int_texts_categorized as (
    select * from {{ ref('int_texts_categorized') }}
),

int_activities_enriched as (
    select * from {{ ref('int_activities_enriched') }}
),

text_activities as (
    select
        activity_id as text_id,
        person_id,
        activity_number as text_activity_number,
        activity_at as text_activity_at
    from int_activities_enriched
),

texts_with_person as (
    select
        int_texts_categorized.text_id,
        int_texts_categorized.text_source,
        int_texts_categorized.text_kind,
        int_texts_categorized.source_record_id,
        int_texts_categorized.ticket_id,
        int_texts_categorized.survey_type,
        int_texts_categorized.survey_score,
        int_texts_categorized.nps_category,
        int_texts_categorized.written_at,
        int_texts_categorized.written_date,
        int_texts_categorized.raw_text_chars,
        int_texts_categorized.is_truncated,
        int_texts_categorized.normalized_text,
        int_texts_categorized.is_empty_text,
        int_texts_categorized.primary_topic,
        int_texts_categorized.primary_topic_score,
        int_texts_categorized.total_topic_score,
        int_texts_categorized.topic_confidence,
        int_texts_categorized.matched_topics,
        int_texts_categorized.is_categorised,
        text_activities.person_id,
        text_activities.text_activity_number,
        text_activities.text_activity_at
    from int_texts_categorized
    left join text_activities
        on int_texts_categorized.text_id = text_activities.text_id
),

earlier_activities as (
    select
        texts_with_person.text_id,
        int_activities_enriched.activity,
        int_activities_enriched.activity_number,
        int_activities_enriched.journey_stage,
        int_activities_enriched.metric_family,
        int_activities_enriched.plan,
        {%- set seconds_before_text = dbt.datediff(
            'int_activities_enriched.activity_at', 'texts_with_person.text_activity_at', 'second'
        ) %}
        {{ seconds_before_text }} as seconds_before_text -- noqa: LT01, LT05
    from texts_with_person
    inner join int_activities_enriched
        on
            texts_with_person.person_id = int_activities_enriched.person_id
            and texts_with_person.text_activity_number > int_activities_enriched.activity_number
    where int_activities_enriched.activity_source <> 'support'
),

earlier_activities_ranked as (
    select
        *,
        case
            when metric_family = 'conversion' or journey_stage = 'onboarding'
                then row_number() over (
                    partition by text_id, (metric_family = 'conversion' or journey_stage = 'onboarding')
                    order by activity_number desc
                )
        end as milestone_recency,
        case
            when plan is not null
                then row_number() over (partition by text_id, (plan is not null) order by activity_number desc)
        end as plan_recency,
        row_number() over (partition by text_id order by activity_number desc) as activity_recency,
        seconds_before_text <= {{ var('journey_text_context_days') }} * 86400 as is_in_context_window
    from earlier_activities
),

context_summarized as (
    select
        text_id,
        count(*) as earlier_activities,
        max(case when activity_recency = 1 then activity end) as previous_activity,
        max(case when milestone_recency = 1 then journey_stage end) as milestone_stage,
        max(case when milestone_recency = 1 then activity end) as milestone_activity,
        max(case when plan_recency = 1 then plan end) as latest_plan,
        max(
            case when is_in_context_window and activity in ('payment_failed', 'order_failed') then 1 else 0 end
        ) as has_failed_payment_before,
        max(
            case when is_in_context_window and activity = 'onboarding_step_completed' then 1 else 0 end
        ) as has_onboarding_step_before,
        max(case when is_in_context_window and activity in ('error', 'form_error') then 1 else 0 end)
            as has_error_before,
        min(case when is_in_context_window and metric_family = 'friction' then seconds_before_text end)
            as seconds_since_friction
    from earlier_activities_ranked
    group by text_id
),

latest_friction as (
    select
        earlier_activities_ranked.text_id,
        min(earlier_activities_ranked.activity) as latest_friction_activity
    from earlier_activities_ranked
    inner join context_summarized
        on
            earlier_activities_ranked.text_id = context_summarized.text_id
            and earlier_activities_ranked.seconds_before_text = context_summarized.seconds_since_friction
    where earlier_activities_ranked.metric_family = 'friction'
    group by earlier_activities_ranked.text_id
),

texts_placed as (
    select
        texts_with_person.text_id,
        texts_with_person.text_source,
        texts_with_person.text_kind,
        texts_with_person.source_record_id,
        texts_with_person.ticket_id,
        texts_with_person.survey_type,
        texts_with_person.survey_score,
        texts_with_person.nps_category,
        texts_with_person.written_at,
        texts_with_person.written_date,
        texts_with_person.raw_text_chars,
        texts_with_person.is_truncated,
        texts_with_person.normalized_text,
        texts_with_person.is_empty_text,
        texts_with_person.primary_topic,
        texts_with_person.primary_topic_score,
        texts_with_person.total_topic_score,
        texts_with_person.topic_confidence,
        texts_with_person.matched_topics,
        texts_with_person.is_categorised,
        texts_with_person.person_id,
        texts_with_person.text_activity_number,
        texts_with_person.text_activity_at,
        case
            when context_summarized.milestone_stage is not null then context_summarized.milestone_stage
            when context_summarized.earlier_activities > 0 then 'awareness'
            else 'unknown'
        end as journey_stage,
        context_summarized.milestone_activity,
        context_summarized.previous_activity,
        coalesce(context_summarized.latest_plan, 'none') as plan,
        coalesce(context_summarized.has_failed_payment_before, 0) = 1 as has_failed_payment_before,
        coalesce(context_summarized.has_onboarding_step_before, 0) = 1 as has_onboarding_step_before,
        coalesce(context_summarized.has_error_before, 0) = 1 as has_error_before,
        coalesce(latest_friction.latest_friction_activity, 'none') as preceding_friction_activity
    from texts_with_person
    left join context_summarized
        on texts_with_person.text_id = context_summarized.text_id
    left join latest_friction
        on texts_with_person.text_id = latest_friction.text_id
)

select * from texts_placed
