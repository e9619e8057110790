{#-
    The key of a node of the identity graph, '<identifier_type>:<identifier_value>'
    (null when the value is null). Both arguments are SQL expressions: a column, or a
    quoted literal such as "'email'".
-#}
{% macro identifier_key(identifier_type, identifier_value) -%}
    {{ dbt.concat([identifier_type, "':'", identifier_value]) }}
{%- endmacro %}


{#-
    True when label (seen_at, key) comes before label (other_seen_at, other_key): the
    earlier first-seen time, then the smaller key. A component's label is the
    smallest label of its identifiers, held as these two columns.
-#}
{% macro identity_label_precedes(seen_at, key, other_seen_at, other_key) -%}
    ({{ seen_at }} < {{ other_seen_at }} or ({{ seen_at }} = {{ other_seen_at }} and {{ key }} < {{ other_key }}))
{%- endmacro %}
