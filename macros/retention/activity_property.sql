{#-
    True when the activity row relation_alias is activity_expr and, when
    property_name_expr is set, its property (one of journey.activity_property_names,
    macros/timeline/activity_property.sql) equals property_value_expr. Used by the
    cohort start filters, change-comparison outcomes and path anchors.
-#}
{% macro activity_matches(relation_alias, activity_expr, property_name_expr, property_value_expr) -%}
    (
        {{ relation_alias }}.activity = {{ activity_expr }}
        and (
            coalesce({{ property_name_expr }}, '') = ''
            or {{ journey.activity_property_value(property_name_expr, relation_alias) }} = {{ property_value_expr }}
        )
    )
{%- endmacro %}
