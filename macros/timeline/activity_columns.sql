{#-
    The select list of one activity source in the person timeline: every source
    gives the same columns in the same order and types; what a source does not
    have is a typed null.
-#}
{% macro activity_columns(
    person_id, activity_id, activity, activity_source, activity_at,
    session_id=none, channel_group=none, campaign=none, activity_value=none, plan=none, related_id=none
) -%}
    {%- set text_null = 'cast(null as ' ~ dbt.type_string() ~ ')' -%}
    {%- set number_null = 'cast(null as ' ~ dbt.type_numeric() ~ ')' -%}
        {{ person_id }} as person_id,
        {{ activity_id }} as activity_id,
        {{ activity }} as activity,
        '{{ activity_source }}' as activity_source,
        {{ activity_at }} as activity_at,
        {{ session_id or text_null }} as session_id,
        {{ channel_group or text_null }} as channel_group,
        {{ campaign or text_null }} as campaign,
        cast({{ activity_value or number_null }} as {{ dbt.type_numeric() }}) as activity_value,
        {{ plan or text_null }} as plan,
        {{ related_id or text_null }} as related_id
{%- endmacro %}
