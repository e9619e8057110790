{#-
    One row per text and term: the unigrams (single words) and bigrams (two words
    in a row) of each normalised text, after stop words (the stop_words seed) are
    dropped: a bigram joins two words that are next to each other once the stop
    words between them are gone ('card was declined' gives 'card declined').
-#}
with

int_texts_normalized as (
    select * from {{ ref('int_texts_normalized') }}
),

stop_words as (
    select * from {{ ref('stop_words') }}
),

tokens_split as (
    {{ journey.text_tokens_sql('int_texts_normalized', 'text_id', 'normalized_text') }}
),

content_words as (
    select
        tokens_split.text_id,
        tokens_split.token,
        row_number() over (partition by tokens_split.text_id order by tokens_split.token_position) as word_position
    from tokens_split
    left join stop_words
        on tokens_split.token = stop_words.stop_word
    where
        tokens_split.token <> ''
        and stop_words.stop_word is null
),

word_pairs as (
    select
        text_id,
        word_position,
        token,
        lead(token) over (partition by text_id order by word_position) as next_token
    from content_words
),

terms_listed as (
    select
        text_id,
        token as term,
        'unigram' as term_type,
        word_position
    from word_pairs

    union all

    select
        text_id,
        {{ dbt.concat(['token', "' '", 'next_token']) }} as term,
        'bigram' as term_type,
        word_position
    from word_pairs
    where next_token is not null
),

terms_counted as (
    select
        text_id,
        term,
        term_type,
        count(*) as term_occurrences,
        min(word_position) as first_word_position
    from terms_listed
    group by text_id, term, term_type
)

select * from terms_counted
