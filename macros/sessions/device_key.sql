{#- The device an event happened on: its anonymous_id, else its user_id (a server-side event), as an identity-graph key. -#}
{% macro device_key(anonymous_id, user_id) -%}
    coalesce(
        {{ journey.identifier_key("'anonymous_id'", anonymous_id) }},
        {{ journey.identifier_key("'user_id'", user_id) }}
    )
{%- endmacro %}
