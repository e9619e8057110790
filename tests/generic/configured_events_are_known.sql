{#-
    Fails with one row per configured event that the event taxonomy does not know
    (int_configured_events_checked), each with its message: the seed row, the closest
    known event and the taxonomy row to add.
-#}
{% test configured_events_are_known(model) %}

select
    seed_file,
    seed_row,
    seed_column,
    configured_event,
    problem
from {{ model }}
where not is_known_event

{% endtest %}
