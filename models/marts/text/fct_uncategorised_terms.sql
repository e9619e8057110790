{#-
    The most frequent terms (unigrams and bigrams, stop words dropped) among texts
    that match no topic, to grow the text_topics seed: how many uncategorised texts
    and people use the term, its occurrences, and its rank (most texts first, then
    the term). Grain: term.
-#}
with

int_text_terms_extracted as (
    select * from {{ ref('int_text_terms_extracted') }}
),

fct_text_topics as (
    select * from {{ ref('fct_text_topics') }}
),

uncategorised_texts as (
    select
        text_id,
        person_id
    from fct_text_topics
    where primary_topic = 'uncategorised'
),

terms_counted as (
    select
        int_text_terms_extracted.term,
        int_text_terms_extracted.term_type,
        count(*) as texts,
        count(distinct uncategorised_texts.person_id) as people,
        sum(int_text_terms_extracted.term_occurrences) as occurrences
    from int_text_terms_extracted
    inner join uncategorised_texts
        on int_text_terms_extracted.text_id = uncategorised_texts.text_id
    group by int_text_terms_extracted.term, int_text_terms_extracted.term_type
),

terms_ranked as (
    select
        cast(term as {{ dbt.type_string() }}) as term,
        cast(term_type as {{ dbt.type_string() }}) as term_type,
        cast(texts as {{ dbt.type_bigint() }}) as texts,
        cast(people as {{ dbt.type_bigint() }}) as people,
        cast(occurrences as {{ dbt.type_bigint() }}) as occurrences,
        cast(row_number() over (order by texts desc, term asc) as {{ dbt.type_bigint() }}) as term_rank
    from terms_counted
)

select * from terms_ranked
