{#-
    The select list of one activity source in the person timeline: every source
    gives the same columns in the same order and types; what a source does not
    have is a typed null. A column given as a (qualified) column of the same name
    is not re-aliased.
-#}
{% macro activity_columns(
    person_id, activity_id, activity, activity_source, activity_at,
    session_id=none, channel_group=none, campaign=none, activity_value=none, plan=none, related_id=none,
    loaded_at='loaded_at'
) -%}
    {%- set text_null = 'cast(null as ' ~ dbt.type_string() ~ ')' -%}
    {#- dbt renders numeric(28,6): written with the space after the comma that the linter asks for -#}
    {%- set number_type = dbt.type_numeric() | replace(',', ', ') -%}
    {%- set columns = [
        ('person_id', person_id),
        ('activity_id', activity_id),
        ('activity', activity),
        ('activity_source', "'" ~ activity_source ~ "'"),
        ('activity_at', activity_at),
        ('session_id', session_id or text_null),
        ('channel_group', channel_group or text_null),
        ('campaign', campaign or text_null),
        ('activity_value', 'cast(' ~ (activity_value or 'null') ~ ' as ' ~ number_type ~ ')'),
        ('plan', plan or text_null),
        ('related_id', related_id or text_null),
        ('loaded_at', loaded_at),
    ] -%}
    {%- set select_list = [] -%}
    {%- for name, expression in columns -%}
        {%- set is_same_column = modules.re.fullmatch('([a-z_][a-z0-9_]*[.])?' ~ name, expression) -%}
        {%- do select_list.append(expression if is_same_column else expression ~ ' as ' ~ name) -%}
    {%- endfor -%}
    {{ select_list | join(',\n        ') }}
{%- endmacro %}
