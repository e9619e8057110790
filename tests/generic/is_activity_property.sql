{#- Fails for every non-empty value that is not a property name listed by activity_property_names(). -#}
{% test is_activity_property(model, column_name) %}

select {{ column_name }} as unknown_property_name
from {{ model }}
where
    {{ column_name }} is not null
    and {{ column_name }} not in (
        {%- for property_name in journey.activity_property_names() -%}
            '{{ property_name }}'{{ ', ' if not loop.last }}
        {%- endfor -%}
    )

{% endtest %}
