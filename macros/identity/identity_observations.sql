{#-
    The identity observations of one staged relation: every identifier it holds
    (a row with right_type null) and every pair of identifiers seen on the same
    row (an undirected link), with when they were first and last seen together.
    identifiers: list of (identifier_type, column) pairs; seen_at: the time column.
    The relation is grouped once by its identifier columns, so a 10M-row event
    table is scanned once.
-#}
{% macro identity_observations(relation_name, source_name, identifiers, seen_at) %}
    {%- set columns = identifiers | map(attribute=1) | list -%}
    {%- set grouped_name = relation_name ~ '_identifier_tuples' -%}
    {{ grouped_name }} as (
        select
            {% for column in columns -%}
                {{ column }},
            {% endfor -%}
            min({{ seen_at }}) as first_seen_at,
            max({{ seen_at }}) as last_seen_at,
            count(*) as observation_count
        from {{ relation_name }}
        where {{ seen_at }} is not null
        group by {{ columns | join(', ') }}
    ),

    {{ relation_name }}_observations as (
        {%- for left_type, left_column in identifiers %}
        {%- set outer_last = loop.last %}
        {%- for right_type, right_column in [(none, none)] + identifiers[loop.index:] %}
        select
            '{{ source_name }}' as source_name,
            '{{ left_type }}' as left_type,
            {{ left_column }} as left_value,
            {{ "'" ~ right_type ~ "'" if right_type else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as right_type,
            {{ right_column or 'cast(null as ' ~ dbt.type_string() ~ ')' }} as right_value,
            first_seen_at,
            last_seen_at,
            observation_count
        from {{ grouped_name }}
        where {{ left_column }} is not null{{ ' and ' ~ right_column ~ ' is not null' if right_column }}
        {%- if not (outer_last and loop.last) %}
        union all
        {%- endif %}
        {%- endfor %}
        {%- endfor %}
    )
{%- endmacro %}
