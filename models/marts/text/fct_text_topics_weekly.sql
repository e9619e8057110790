{#-
    Topics of texts per week (weeks as dbt.date_trunc('week') gives them): texts and
    distinct people per primary topic, and the topic's share of the week's texts.
    Empty texts are left out. Grain: written_week, primary_topic.
-#}
with

fct_text_topics as (
    select * from {{ ref('fct_text_topics') }}
),

weekly_topic_counts as (
    select
        written_week,
        primary_topic,
        count(*) as texts,
        count(distinct person_id) as people
    from fct_text_topics
    where not is_empty_text
    group by written_week, primary_topic
),

weekly_shares as (
    select
        cast(written_week as date) as written_week,
        cast(primary_topic as {{ dbt.type_string() }}) as primary_topic,
        cast(texts as {{ dbt.type_bigint() }}) as texts,
        cast(people as {{ dbt.type_bigint() }}) as people,
        cast(texts * 1.0 / sum(texts) over (partition by written_week) as {{ journey.type_double() }})
            as topic_share_of_week
    from weekly_topic_counts
)

select * from weekly_shares
