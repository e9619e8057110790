{#-
    Models go to the schema named in their config (staging, intermediate, marts,
    config) rather than dbt's default '<target schema>_<custom schema>', so that
    analysts and BI tools find the marts under a stable name. Without a custom
    schema a model lands in the target schema.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
