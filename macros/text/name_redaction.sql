{#-
    Person names in free text. The names known to the project are the words of the name
    columns and email local parts of every source (base_pii__known_names, read in staging
    only); a free text has each of its words that is a known name replaced by '[name]'.
    The patterns avoid backslashes (Spark's SQL parser reads them as escapes).
-#}

{#-
    The characters of a word when a text is cut into words and the runs between them:
    ASCII letters and digits and the letter blocks of journey.text_non_word_pattern, in
    both cases.
-#}
{% macro name_word_characters() -%}
    a-zA-Z0-9À-ɏͰ-ӿ֐-ۿ぀-ヿ一-鿿가-힯
{%- endmacro %}


{#-
    A name column or an email local part as the words it is made of, lower-cased and
    separated by single spaces: every run of characters that are not letters (digits,
    '.', '_', '-', apostrophes, spaces) separates words ('Jean-Luc' -> 'jean luc',
    'jane.doe42' -> 'jane doe', "O'Brien" -> 'o brien').
-#}
{% macro name_words(expr) -%}
    trim({{ journey.regex_replace_all(
        'lower(' ~ expr ~ ')', "'[^a-zà-ɏͰ-ӿ֐-ۿ぀-ヿ一-鿿가-힯]+'", "' '") }})
{%- endmacro %}


{#-
    expr (a free text) with every word that is a known name replaced by '[name]', then cut
    to journey_text_max_chars characters again (a placeholder can be longer than the name).
    any_case_names and capitalised_names are the array columns of known_names_listed_sql (a
    one-row relation the model cross-joins): a word is a name when its lower-cased form is in
    any_case_names, or in capitalised_names and the word starts with a capital letter ('Will'
    is redacted, 'will' is not). The arrays are columns rather than scalar subqueries so that
    the lambda reads only columns of its row. A word is a maximal run of name_word_characters,
    so 'Ana' is not found inside 'Analytics' and 'jane2' is no name. Everything between words
    is kept as it was; null stays null. Each word is looked up in the array by a scan: fine for
    thousands of names; for millions a join of the words with the names would scale better.
-#}
{% macro names_redacted(expr, any_case_names, capitalised_names) %}
    {{ return(adapter.dispatch('names_redacted', 'journey')(expr, any_case_names, capitalised_names)) }}
{% endmacro %}

{#- No portable SQL maps a function over the words of a text (it needs an engine's arrays and lambdas). -#}
{% macro default__names_redacted(expr, any_case_names, capitalised_names) -%}
    {{ exceptions.raise_compiler_error(
        "journey.names_redacted has no portable SQL: add a macro " ~ adapter.type()
        ~ "__names_redacted(expr, any_case_names, capitalised_names) (see macros/text/name_redaction.sql).") }}
{%- endmacro %}

{#-
    A select of one row: the known names (names_relation: name_word, redaction_policy) of
    policy 'any_case' and of policy 'capitalised' as two arrays, any_case_names and
    capitalised_names (empty arrays when there are none).
-#}
{% macro known_names_listed_sql(names_relation) %}
    {{ return(adapter.dispatch('known_names_listed_sql', 'journey')(names_relation)) }}
{% endmacro %}

{#- No portable SQL aggregates rows into an array. -#}
{% macro default__known_names_listed_sql(names_relation) -%}
    {{ exceptions.raise_compiler_error(
        "journey.known_names_listed_sql has no portable SQL: add a macro " ~ adapter.type()
        ~ "__known_names_listed_sql(names_relation) (see macros/text/name_redaction.sql).") }}
{%- endmacro %}

{#- collect_list skips nulls and gives an empty array over no rows. -#}
{% macro spark__known_names_listed_sql(names_relation) -%}
    select
        collect_list(case when redaction_policy = 'any_case' then name_word end) as any_case_names,
        collect_list(case when redaction_policy = 'capitalised' then name_word end) as capitalised_names
    from {{ names_relation }}
{%- endmacro %}

{#- DuckDB's list() keeps nulls and gives null over no rows: filtered, and coalesced to an empty list. -#}
{% macro duckdb__known_names_listed_sql(names_relation) -%}
    select
        coalesce(list(name_word) filter (where redaction_policy = 'any_case'), []) as any_case_names,
        coalesce(list(name_word) filter (where redaction_policy = 'capitalised'), []) as capitalised_names
    from {{ names_relation }}
{%- endmacro %}


{#- The word test shared by the engines' lambdas: piece is one word or one run between words. -#}
{% macro name_piece_is_name(piece, contains, any_case_names, capitalised_names) -%}
    (
        {{ contains }}({{ any_case_names }}, lower({{ piece }}))
        or (
            {{ contains }}({{ capitalised_names }}, lower({{ piece }}))
            and substring({{ piece }}, 1, 1) <> lower(substring({{ piece }}, 1, 1))
        )
    )
{%- endmacro %}

{% macro spark__names_redacted(expr, any_case_names, capitalised_names) -%}
    {%- set word = journey.name_word_characters() -%}
    substring(
        array_join(
            transform(
                regexp_extract_all({{ expr }}, '([{{ word }}]+|[^{{ word }}]+)', 1),
                piece -> case
                    when {{ journey.name_piece_is_name('piece', 'array_contains', any_case_names, capitalised_names) }}
                        then '[name]'
                    else piece
                end
            ),
            ''
        ),
        1,
        {{ var('journey_text_max_chars') }}
    )
{%- endmacro %}

{% macro duckdb__names_redacted(expr, any_case_names, capitalised_names) -%}
    {%- set word = journey.name_word_characters() -%}
    substring(
        array_to_string(
            list_transform(
                regexp_extract_all({{ expr }}, '([{{ word }}]+|[^{{ word }}]+)', 1),
                piece -> case
                    when {{ journey.name_piece_is_name('piece', 'list_contains', any_case_names, capitalised_names) }}
                        then '[name]'
                    else piece
                end
            ),
            ''
        ),
        1,
        {{ var('journey_text_max_chars') }}
    )
{%- endmacro %}
