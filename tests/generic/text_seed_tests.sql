{#-
    Tests of the text-mining seeds, so that a badly written row fails with a clear
    message before any model reads it.
-#}

{#-
    Fails for every value that is not written as the normalisation leaves text
    (lower case, letters and digits, single spaces), has more than max_words words,
    or (with stop_words_relation) contains a stop word, which could never match.
-#}
{% test is_normalized_text_term(model, column_name, max_words=1, stop_words_relation=none) %}

with

terms as (
    select
        {{ column_name }} as term,
        {{ journey.normalize_text(column_name) }} as normalized_term
    from {{ model }}
    where {{ column_name }} is not null
),

words as (
    select
        term,
        normalized_term,
        {{ dbt.length('normalized_term') }}
        - {{ dbt.length(dbt.replace('normalized_term', "' '", "''")) }} + 1 as word_count
    from terms
),

{% if stop_words_relation is not none %}
terms_with_stop_words as (
    select distinct words.term
    from words
    inner join {{ stop_words_relation }} as stop_words
        on
            {{ dbt.concat(["' '", 'words.normalized_term', "' '"]) }}
            like {{ dbt.concat(["'% '", 'stop_words.stop_word', "' %'"]) }}
),
{% endif %}

invalid_terms as (
    select
        term,
        'not normalised (lower case, letters and digits, single spaces)' as problem
    from words
    where term <> normalized_term or normalized_term = ''

    union all

    select
        term,
        'more than {{ max_words }} word(s)' as problem
    from words
    where word_count > {{ max_words }}

    {% if stop_words_relation is not none %}
        union all

        select
            term,
            'contains a stop word, so it can never match' as problem
        from terms_with_stop_words
    {% endif %}
)

select * from invalid_terms

{% endtest %}


{#- Fails for every topic name that is not snake_case or is reserved ('uncategorised', 'no_text'). -#}
{% test is_text_topic_name(model, column_name) %}

select {{ column_name }} as topic
from {{ model }}
where
    not {{ journey.regex_matches(column_name, "'^[a-z][a-z0-9_]*$'") }}
    or {{ column_name }} in ('uncategorised', 'no_text')

{% endtest %}
