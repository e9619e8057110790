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
        {%- for key in keys %}
        {{ key }},
        {%- endfor %}
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

{#-
    The whole numbers 0 .. 10^digits - 1 as rows of column_name, from cross-joined
    digits: a portable number generator (no recursive CTE, no engine-specific series
    function) for date spines and period grids. digits=3 gives 0 .. 999, digits=4
    covers 27 years of days. A select with its own digits CTE, to be the body of a CTE.
-#}
{% macro whole_numbers(column_name, digits) -%}
    {%- set terms = [] -%}
    {%- for position in range(digits) -%}
        {%- do terms.append('digits_' ~ position ~ '.digit' ~ (' * ' ~ 10 ** position if position > 0 else '')) -%}
    {%- endfor -%}
    with digits as (
        {%- for digit in range(10) %}
        select {{ digit }} as digit
        {%- if not loop.last %}
        union all
        {%- endif %}
        {%- endfor %}
    )

    select {{ terms | join(' + ') }} as {{ column_name }}
    from digits as digits_0
    {%- for position in range(1, digits) %}
    cross join digits as digits_{{ position }}
    {%- endfor %}
{%- endmacro %}
