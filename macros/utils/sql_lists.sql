{#- A list of texts (a var) as a SQL list of string literals: 'a', 'b'. Quotes are escaped the engine's way. -#}
{% macro string_literals(values) -%}
    {%- set literals = [] -%}
    {%- for value in values -%}
        {%- do literals.append("'" ~ dbt.escape_single_quotes(value) ~ "'") -%}
    {%- endfor -%}
    {{ literals | join(', ') }}
{%- endmacro %}
