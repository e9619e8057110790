{#-
    The pieces of a path's text 'a > b > c' around its anchor, as SQL expressions for
    dbt.concat: one per step column <prefix>1 .. <prefix><max_steps>, empty text when
    the step is null. After the anchor each piece is ' > step' in step order; before
    it each piece is 'step > ', farthest step first, so that the text reads in time order.
-#}
{% macro path_step_texts(prefix, max_steps, direction) %}
    {%- set pieces = [] -%}
    {%- set step_numbers = range(1, max_steps + 1) | list -%}
    {%- if direction == 'before' -%}
        {%- set step_numbers = step_numbers | reverse | list -%}
    {%- endif -%}
    {%- for k in step_numbers -%}
        {%- set column = prefix ~ k -%}
        {%- if direction == 'after' -%}
            {%- set piece = dbt.concat(["' > '", column]) -%}
        {%- else -%}
            {%- set piece = dbt.concat([column, "' > '"]) -%}
        {%- endif -%}
        {%- do pieces.append("case when " ~ column ~ " is not null then " ~ piece ~ " else '' end") -%}
    {%- endfor -%}
    {{ return(pieces) }}
{% endmacro %}
