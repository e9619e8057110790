{#-
    Staged tracking events counted per raw event name and day, with the canonical
    event the taxonomy maps the name to (an unmapped name keeps its lower-cased self)
    the number of distinct devices and the first and last event times. Grain: event_name_raw, event_date.
-#}
with

int_events_unioned as (
    select * from {{ ref('int_events_unioned') }}
),

events_counted as (
    select
        event_name_raw,
        event_date,
        min(canonical_event) as canonical_event,
        min(case when is_mapped_event then 1 else 0 end) = 1 as is_mapped_event,
        count(*) as event_rows,
        count(distinct anonymous_id) as devices,
        min(event_at) as first_event_at,
        max(event_at) as last_event_at,
        max(loaded_at) as last_loaded_at
    from int_events_unioned
    group by event_name_raw, event_date
)

select * from events_counted
