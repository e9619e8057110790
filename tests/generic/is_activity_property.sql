{#-
    Fails for every non-empty value that is not a property name listed by activity_property_names().
    With value_column (a property filter: a name and the value it must equal), also fails for each row
    where only one of the name and the value is set.
-#}
{% test is_activity_property(model, column_name, value_column=none) %}

select
    {{ column_name }} as property_name
    {%- if value_column is not none %},
        {{ value_column }} as property_value
    {%- endif %}
from {{ model }}
where
    (
        {{ column_name }} is not null
        and {{ column_name }} not in (
            {%- for property_name in journey.activity_property_names() -%}
                '{{ property_name }}'{{ ', ' if not loop.last }}
            {%- endfor -%}
        )
    )
    {%- if value_column is not none %}
        or ({{ column_name }} is null) != ({{ value_column }} is null)
    {%- endif %}

{% endtest %}
