{#-
    CSAT and NPS per topic. A CSAT response is about a ticket, so it takes the topic
    of that ticket when the ticket's text is categorised, else the topic of its own
    comment; an NPS response takes the topic of its comment ('no_text' when it has
    none). nps = 100 x (promoters - detractors) / responses (promoters score 9-10,
    detractors 0-6); csat_satisfied_share = share of CSAT scores 4-5 (scale 1-5).
    Grain: survey_type, topic.
-#}
with

fct_text_topics as (
    select * from {{ ref('fct_text_topics') }}
),

survey_texts as (
    select * from fct_text_topics
    where text_source = 'survey_comment'
),

ticket_topics as (
    select
        ticket_id,
        primary_topic as ticket_topic
    from fct_text_topics
    where text_source in ('support_ticket', 'support_chat') and is_categorised
),

responses_with_topic as (
    select
        survey_texts.survey_type,
        survey_texts.survey_score,
        survey_texts.person_id,
        case
            when survey_texts.survey_type = 'csat' and ticket_topics.ticket_topic is not null
                then ticket_topics.ticket_topic
            else survey_texts.primary_topic
        end as topic,
        survey_texts.survey_type = 'csat' and ticket_topics.ticket_topic is not null as is_topic_from_ticket
    from survey_texts
    left join ticket_topics
        on survey_texts.ticket_id = ticket_topics.ticket_id
),

scores_by_topic as (
    select
        survey_type,
        topic,
        count(*) as responses,
        count(distinct person_id) as people,
        sum(case when is_topic_from_ticket then 1 else 0 end) as responses_topic_from_ticket,
        avg(cast(survey_score as {{ journey.type_double() }})) as average_score,
        sum(case when survey_type = 'nps' and survey_score >= 9 then 1 else 0 end) as promoters,
        sum(case when survey_type = 'nps' and survey_score <= 6 then 1 else 0 end) as detractors,
        sum(case when survey_type = 'csat' and survey_score >= 4 then 1 else 0 end) as satisfied
    from responses_with_topic
    group by survey_type, topic
),

scores_final as (
    select
        cast(survey_type as {{ dbt.type_string() }}) as survey_type,
        cast(topic as {{ dbt.type_string() }}) as topic,
        cast(responses as {{ dbt.type_bigint() }}) as responses,
        cast(people as {{ dbt.type_bigint() }}) as people,
        cast(responses_topic_from_ticket as {{ dbt.type_bigint() }}) as responses_topic_from_ticket,
        cast(average_score as {{ journey.type_double() }}) as average_score,
        cast(
            case when survey_type = 'nps' then 100.0 * (promoters - detractors) / responses end
            as {{ journey.type_double() }}
        ) as nps,
        cast(
            case when survey_type = 'csat' then satisfied * 1.0 / responses end as {{ journey.type_double() }}
        ) as csat_satisfied_share
    from scores_by_topic
)

select * from scores_final
