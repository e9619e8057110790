{#-
    The part of a visit an event falls in under the maximum session length (var
    journey_session_max_hours): 0 for events less than max hours after the visit's
    first event, 1 for events from max hours to twice that, and so on. Whole seconds,
    so an event exactly max hours after the first is in part 1.
-#}
{% macro session_length_part(event_at, visit_started_at) -%}
    {%- set max_seconds = (var('journey_session_max_hours') * 3600) | int -%}
    {%- set seconds_into_visit = dbt.datediff(visit_started_at, event_at, 'second') | trim -%}
    cast(floor({{ seconds_into_visit }} / cast({{ max_seconds }} as {{ journey.type_double() }})) as {{ dbt.type_bigint() }})
{%- endmacro %}
