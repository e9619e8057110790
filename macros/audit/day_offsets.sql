{#-
    A select of the whole numbers 0 .. 10^digits - 1 as day_offset, from cross-joined
    digits: a portable number generator for date spines (no recursive CTE, no
    engine-specific series function). digits=4 covers 27 years of days.
-#}
{% macro day_offsets_sql(digits=4) -%}
    {%- set digit_rows -%}
        {%- for value in range(10) -%}
            select {{ value }} as digit{% if not loop.last %} union all {% endif %}
        {%- endfor -%}
    {%- endset -%}
    select
        {% for position in range(digits) -%}
            digits_{{ position }}.digit * {{ 10 ** position }}{% if not loop.last %} + {% endif %}
        {%- endfor %} as day_offset
    from
        {% for position in range(digits) -%}
            ({{ digit_rows }}) as digits_{{ position }}{% if not loop.last %} cross join {% endif %}
        {%- endfor %}
{%- endmacro %}
