{#-
    Fails for every name in the list var var_name that is not a canonical tracking
    event of the event_taxonomy seed (a typo in journey_audit_derived_events would
    otherwise silently leave an event expected).
-#}
{% test var_events_in_taxonomy(model, var_name) %}

with

configured_events as (
    {% for event_name in var(var_name) %}
        select '{{ event_name }}' as event_name
        {% if not loop.last %}union all{% endif %}
    {% else %}
        select cast(null as {{ dbt.type_string() }}) as event_name
    {% endfor %}
),

tracking_events as (
    select distinct canonical_event
    from {{ ref('event_taxonomy') }}
    where activity_source = 'tracking'
)

select
    configured_events.event_name,
    '{{ var_name }} names an event that is not a tracking event of event_taxonomy' as problem
from configured_events
left join tracking_events
    on configured_events.event_name = tracking_events.canonical_event
where configured_events.event_name is not null and tracking_events.canonical_event is null

{% endtest %}
