{#-
    Fails for every name in the var var_name (a list, or one text) that is not a value of
    taxonomy_column (canonical_event, or journey_stage) of the event_taxonomy seed (of
    activity_source only, when given) nor, when
    timeline_column is given, a value of that column of the model the test is on (an
    unmapped raw event keeps its raw name on the timeline). A misspelled activity in
    journey_activation_activity would otherwise silently give zero activations, and one in
    journey_audit_derived_events would leave an event expected. Each failing row names the
    value and the var.
-#}
{% test var_events_in_taxonomy(model, var_name, activity_source=none, timeline_column=none, taxonomy_column='canonical_event') %}

{%- set configured = var(var_name) -%}
{%- set values = [configured] if configured is string else configured -%}

with

configured_events as (
    {% for event_name in values %}
        select {{ journey.text_literal(event_name) }} as event_name
        {% if not loop.last %}union all{% endif %}
    {% else %}
        select cast(null as {{ dbt.type_string() }}) as event_name
    {% endfor %}
),

known_events as (
    select {{ taxonomy_column }} as event_name
    from {{ ref('event_taxonomy') }}
    {% if activity_source is not none -%}
        where activity_source = {{ journey.text_literal(activity_source) }}
    {%- endif %}
    {% if timeline_column is not none -%}
        union all
        select {{ timeline_column }} as event_name
        from {{ model }}
    {%- endif %}
),

known_distinct_events as (
    select distinct event_name
    from known_events
)

select
    configured_events.event_name,
    {{ dbt.concat([
        journey.text_literal(var_name ~ " names '"), 'configured_events.event_name',
        journey.text_literal("', which is not a " ~ taxonomy_column ~ ' of the event_taxonomy seed'
            ~ (' (activity_source ' ~ activity_source ~ ')' if activity_source else '')
            ~ (' nor an activity of the timeline' if timeline_column else '')),
    ]) }} as problem
from configured_events
left join known_distinct_events
    on configured_events.event_name = known_distinct_events.event_name
where configured_events.event_name is not null and known_distinct_events.event_name is null

{% endtest %}
