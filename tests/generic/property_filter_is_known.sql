{#- Fails for each row whose property filter names a column activity_property_names() does not list, or lacks a value. -#}
{% test property_filter_is_known(model) %}

select *
from {{ model }}
where
    (property_name is not null and property_name not in (
        {%- for column in journey.activity_property_names() -%}
            '{{ column }}'{{ ', ' if not loop.last }}
        {%- endfor -%}
    ))
    or (property_name is null and property_value is not null)
    or (property_name is not null and property_value is null)

{% endtest %}
