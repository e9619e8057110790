{#-
    One row per text and topic it matches. A topic's score is the sum of the weights
    (text_topics seed) of its distinct terms found among the text's unigrams and
    bigrams; a term repeated in a text counts once. topic_rank orders a text's topics
    by score, ties broken by topic name so the order is deterministic.
-#}
with

int_text_terms_extracted as (
    select * from {{ ref('int_text_terms_extracted') }}
),

text_topics as (
    select * from {{ ref('text_topics') }}
),

terms_matched as (
    select
        int_text_terms_extracted.text_id,
        text_topics.topic,
        text_topics.term,
        text_topics.weight
    from int_text_terms_extracted
    inner join text_topics
        on int_text_terms_extracted.term = text_topics.term
),

topics_scored as (
    select
        text_id,
        topic,
        count(*) as matched_terms,
        cast(sum(weight) as {{ journey.type_double() }}) as topic_score
    from terms_matched
    group by text_id, topic
),

topics_ranked as (
    select
        text_id,
        topic,
        matched_terms,
        topic_score,
        topic_score / sum(topic_score) over (partition by text_id) as topic_score_share,
        row_number() over (partition by text_id order by topic_score desc, topic asc) as topic_rank
    from topics_scored
)

select * from topics_ranked
