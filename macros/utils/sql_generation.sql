{#-
    SQL that Jinja writes for a model: kept in macros so that models stay plain,
    readable SQL (and lintable).
-#}

{#- A small literal table: one select per row, union all. rows is a list of lists of SQL literals/expressions. -#}
{% macro literal_rows(column_names, rows) -%}
    {%- for row in rows %}
    select
        {%- for column_name in column_names %}
        {{ row[loop.index0] }} as {{ column_name }}{{ ',' if not loop.last }}
        {%- endfor %}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{#-
    Aggregates of `relation` for every subset of `dimensions` (what GROUPING SETS / CUBE do, written
    as a portable union all): keys are always grouped; a dimension left out of a subset reads
    journey.label('all'). Adds split_dimensions, how many dimensions the row splits. measures is the SQL of the
    aggregate columns.
-#}
{% macro every_dimension_subset(relation, keys, dimensions, measures) -%}
    {%- for mask in range(2 ** dimensions | length) %}
    {%- set split = [] -%}
    {%- for position in range(dimensions | length) if (mask // 2 ** position) % 2 == 1 -%}
        {%- do split.append(dimensions[position]) -%}
    {%- endfor %}
    select
        {{ keys | join(', ') }},
        {%- for dimension in dimensions %}
        {{ dimension if dimension in split else journey.label('all') ~ ' as ' ~ dimension }},
        {%- endfor %}
        {{ split | length }} as split_dimensions,
        {{ measures }}
    from {{ relation }}
    group by {{ (keys + split) | join(', ') }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
