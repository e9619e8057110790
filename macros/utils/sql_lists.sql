{#-
    The one way a configuration value (a var, a macro argument) becomes SQL text: a string
    literal whose quotes and backslashes are escaped the engine's way, so that the value is
    always data and never SQL. Every var that reaches SQL goes through text_literal, unless
    it is a number or an identifier checked against a pattern by validate_config.
    (Not named string_literal: dbt's own string_literal is dispatched with the root project
    first, so a spark__string_literal here would re-escape dbt's unit-test fixtures.)
-#}
{% macro text_literal(value) -%}
    {{ return(adapter.dispatch('text_literal', 'journey')(value | string)) }}
{%- endmacro %}

{#- Standard SQL (DuckDB, PostgreSQL, Snowflake ...): a quote is doubled, a backslash is an ordinary character. -#}
{% macro default__text_literal(value) -%}
    {{ return("'" ~ value | replace("'", "''") ~ "'") }}
{%- endmacro %}

{#-
    Spark: a backslash escapes the next character (spark.sql.parser.escapedStringLiterals is
    false by default) and adjacent literals are joined ('a''b' is 'ab'), so backslashes are
    doubled first, then quotes get a backslash.
-#}
{% macro spark__text_literal(value) -%}
    {{ return("'" ~ value | replace("\\", "\\\\") | replace("'", "\\'") ~ "'") }}
{%- endmacro %}


{#- A list of texts (a var) as a SQL list of string literals: 'a', 'b'. -#}
{% macro string_literals(values) -%}
    {%- set literals = [] -%}
    {%- for value in values -%}
        {%- do literals.append(journey.text_literal(value)) -%}
    {%- endfor -%}
    {{ literals | join(', ') }}
{%- endmacro %}
