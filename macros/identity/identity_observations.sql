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
        {%- set selects = [] -%}
        {%- for left_type, left_column in identifiers -%}
            {%- do selects.append(
                "select '" ~ source_name ~ "' as source_name, '" ~ left_type ~ "' as left_type, "
                ~ left_column ~ " as left_value, cast(null as " ~ dbt.type_string() ~ ") as right_type, "
                ~ "cast(null as " ~ dbt.type_string() ~ ") as right_value, first_seen_at, last_seen_at, observation_count "
                ~ "from " ~ grouped_name ~ " where " ~ left_column ~ " is not null") -%}
            {%- for right_type, right_column in identifiers[loop.index:] -%}
                {%- do selects.append(
                    "select '" ~ source_name ~ "' as source_name, '" ~ left_type ~ "' as left_type, "
                    ~ left_column ~ " as left_value, '" ~ right_type ~ "' as right_type, "
                    ~ right_column ~ " as right_value, first_seen_at, last_seen_at, observation_count "
                    ~ "from " ~ grouped_name ~ " where " ~ left_column ~ " is not null and "
                    ~ right_column ~ " is not null") -%}
            {%- endfor -%}
        {%- endfor %}
        {{ selects | join('\n        union all\n        ') }}
    )
{%- endmacro %}
