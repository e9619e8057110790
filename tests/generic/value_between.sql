{#-
    Fails for each row whose column is below min_value or above max_value (both bounds inclusive, either
    may be left out) or, with whole_number=true, is not a whole number. Nulls pass: add not_null where a
    value is required.
-#}
{% test value_between(model, column_name, min_value=none, max_value=none, whole_number=false) %}

{%- if min_value is none and max_value is none and not whole_number -%}
    {{ exceptions.raise_compiler_error(
        "value_between on " ~ column_name ~ " needs min_value, max_value or whole_number=true"
    ) }}
{%- endif %}

select *
from {{ model }}
where
    {{ column_name }} is not null
    and (
        false
        {%- if min_value is not none %}
            or {{ column_name }} < {{ min_value }}
        {%- endif %}
        {%- if max_value is not none %}
            or {{ column_name }} > {{ max_value }}
        {%- endif %}
        {%- if whole_number %}
            or {{ column_name }} != floor({{ column_name }})
        {%- endif %}
    )

{% endtest %}
