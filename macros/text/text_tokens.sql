{#-
    Text mining building blocks: normalising a free text and splitting it into
    words with their positions. The patterns avoid backslashes (Spark's SQL parser
    treats a backslash in a string literal as an escape), so character classes
    name their characters and ranges literally.
-#}

{#-
    Characters kept as parts of words: ASCII letters and digits, and the letters of
    the Latin-1 and Latin Extended, Greek, Cyrillic, Hebrew, Arabic, kana, CJK and
    Hangul blocks. Everything else (punctuation, symbols, emoji, whitespace) separates
    words. Scripts written without spaces (Chinese, Japanese) are not segmented: a run
    of their characters is one word.
-#}
{% macro text_non_word_pattern() -%}
    '[^a-z0-9À-ɏͰ-ӿ֐-ۿ぀-ヿ一-鿿가-힯]+'
{%- endmacro %}


{#-
    A free text normalised for matching: null becomes '', only the first
    journey_text_max_chars characters are kept (one pasted log cannot blow up the
    word table), the placeholders of redacted PII ('[name]', '[email]', '[phone]',
    '[ip]') become spaces (they are not words of the text), HTML tags and entities become spaces, lower case, apostrophes are
    dropped (can't -> cant), every run of non-word characters becomes one space,
    and the result is trimmed.
-#}
{% macro normalize_text(expr) -%}
    {%- set capped = 'substring(coalesce(' ~ expr ~ ", ''), 1, " ~ var('journey_text_max_chars') ~ ')' -%}
    {#- the placeholders of redacted PII are no words of the text (plain replace: no regex needs a bracket class) -#}
    {%- set text = namespace(sql=capped) -%}
    {%- for placeholder in ['[name]', '[email]', '[phone]', '[ip]'] -%}
        {%- set text.sql = 'replace(' ~ text.sql ~ ", '" ~ placeholder ~ "', ' ')" -%}
    {%- endfor -%}
    {%- set without_tags = journey.regex_replace_all(text.sql, "'<[^>]*>'", "' '") -%}
    {%- set without_entities = journey.regex_replace_all(without_tags, "'&[a-zA-Z0-9#]+;'", "' '") -%}
    {#- chr(39) is the apostrophe: a doubled quote in a literal is not portable (Spark joins adjacent literals) -#}
    {%- set without_apostrophes = "replace(replace(lower(" ~ without_entities ~ "), chr(39), ''), '’', '')" -%}
    trim({{ journey.regex_replace_all(without_apostrophes, journey.text_non_word_pattern(), "' '") }})
{%- endmacro %}


{#-
    A select of one row per word of text_column (a normalised text: words separated
    by single spaces) in relation: the id_column, token_position (1-based) and token.
    An empty text gives one empty token, which callers drop.
-#}
{% macro text_tokens_sql(relation, id_column, text_column) %}
    {{ return(adapter.dispatch('text_tokens_sql', 'journey')(relation, id_column, text_column)) }}
{% endmacro %}

{#- No portable SQL splits a text into numbered rows (unnest ... with ordinality needs an engine's array type). -#}
{% macro default__text_tokens_sql(relation, id_column, text_column) -%}
    {{ exceptions.raise_compiler_error(
        "journey.text_tokens_sql has no portable SQL: add a macro " ~ adapter.type()
        ~ "__text_tokens_sql(relation, id_column, text_column) (see macros/text/text_tokens.sql).") }}
{%- endmacro %}

{% macro spark__text_tokens_sql(relation, id_column, text_column) -%}
    select
        {{ id_column }},
        words.token_index + 1 as token_position,
        words.token
    from {{ relation }}
    lateral view posexplode(split({{ text_column }}, ' ')) words as token_index, token
{%- endmacro %}

{% macro duckdb__text_tokens_sql(relation, id_column, text_column) -%}
    select
        {{ id_column }},
        generate_subscripts(string_split({{ text_column }}, ' '), 1) as token_position,
        unnest(string_split({{ text_column }}, ' ')) as token
    from {{ relation }}
{%- endmacro %}
