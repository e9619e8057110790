{#-
    One row per text with its primary topic: the topic with the highest score (ties
    broken by topic name). topic_confidence = primary score / sum of the scores of
    all the text's topics (1 when one topic matches alone). A text that matches no
    term is 'uncategorised'; an empty text (nothing left after normalising) is
    'no_text'. Both have a null confidence.
-#}
with

int_texts_normalized as (
    select * from {{ ref('int_texts_normalized') }}
),

int_text_topics_scored as (
    select * from {{ ref('int_text_topics_scored') }}
),

topic_totals as (
    select
        text_id,
        count(*) as matched_topics,
        sum(topic_score) as total_topic_score
    from int_text_topics_scored
    group by text_id
),

primary_topics as (
    select
        text_id,
        topic,
        topic_score
    from int_text_topics_scored
    where topic_rank = 1
),

texts_categorized as (
    select
        int_texts_normalized.text_id,
        int_texts_normalized.text_source,
        int_texts_normalized.text_kind,
        int_texts_normalized.source_record_id,
        int_texts_normalized.ticket_id,
        int_texts_normalized.survey_type,
        int_texts_normalized.survey_score,
        int_texts_normalized.nps_category,
        int_texts_normalized.written_at,
        int_texts_normalized.written_date,
        int_texts_normalized.raw_text_chars,
        int_texts_normalized.is_truncated,
        int_texts_normalized.normalized_text,
        int_texts_normalized.is_empty_text,
        case
            when int_texts_normalized.is_empty_text then 'no_text'
            else coalesce(primary_topics.topic, 'uncategorised')
        end as primary_topic,
        primary_topics.topic_score as primary_topic_score,
        topic_totals.total_topic_score,
        primary_topics.topic_score / topic_totals.total_topic_score as topic_confidence,
        coalesce(topic_totals.matched_topics, 0) as matched_topics,
        primary_topics.topic is not null as is_categorised
    from int_texts_normalized
    left join primary_topics
        on int_texts_normalized.text_id = primary_topics.text_id
    left join topic_totals
        on int_texts_normalized.text_id = topic_totals.text_id
)

select * from texts_categorized
