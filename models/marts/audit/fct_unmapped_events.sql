{#-
    Raw event names the event taxonomy does not map, with their volumes: staged rows,
    days seen, first and last day, and share of all staged tracking events. Add a row
    to the event_taxonomy seed to map one. Grain: event_name_raw.
-#}
with

int_tracking_events_counted as (
    select * from {{ ref('int_tracking_events_counted') }}
),

all_events as (
    select sum(event_rows) as all_event_rows
    from int_tracking_events_counted
),

unmapped_counted as (
    select
        event_name_raw,
        sum(event_rows) as event_rows,
        count(*) as days_seen,
        min(event_date) as first_seen_date,
        max(event_date) as last_seen_date
    from int_tracking_events_counted
    where not is_mapped_event
    group by event_name_raw
),

unmapped_final as (
    select
        cast(unmapped_counted.event_name_raw as {{ dbt.type_string() }}) as event_name_raw,
        cast(unmapped_counted.event_rows as {{ dbt.type_bigint() }}) as event_rows,
        cast(unmapped_counted.days_seen as {{ dbt.type_bigint() }}) as days_seen,
        cast(unmapped_counted.first_seen_date as date) as first_seen_date,
        cast(unmapped_counted.last_seen_date as date) as last_seen_date,
        cast(unmapped_counted.event_rows * 1.0 / all_events.all_event_rows as {{ journey.type_double() }})
            as share_of_events
    from unmapped_counted
    cross join all_events
)

select * from unmapped_final
