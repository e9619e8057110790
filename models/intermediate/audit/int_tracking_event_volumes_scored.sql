{#-
    Daily volume of every canonical tracking event on a dense date spine (from the
    first to the last day any staged event happened, at most the last
    journey_audit_max_days days, so one old row cannot push the spine off the data;
    a day without the event counts 0),
    compared with the event's own trailing history: the mean and standard deviation
    of the journey_audit_history_days days before (days before the event first
    arrived do not count). The dataset's last day usually ends early (at its latest
    event), so its expectation is pro rata: expected_rows = trailing mean x
    day_coverage. z_score = (rows - expected_rows) / max(trailing standard deviation
    x day_coverage, sqrt(max(expected_rows, 1))): the floor is the Poisson noise of a
    count, so a rare event's single arrival is not an anomaly. Expected events are the
    taxonomy's tracking events that have arrived at least once or that the configuration
    names (a funnel step, a conversion type, a signal, ...: journey.configured_event_columns),
    less journey_audit_derived_events: a taxonomy row that only another tracker sends (GA4's
    view_item in a native deployment) is not an absent event. Grain:
    canonical_event, event_date.
-#}
{#- the configuration's events (journey.configured_event_columns), but not the activities it leaves out of paths -#}
{%- set expected_columns = journey.configured_event_columns()
    | rejectattr('seed', 'equalto', 'path_excluded_activities') | list -%}
with

int_tracking_events_counted as (
    select * from {{ ref('int_tracking_events_counted') }}
),

event_taxonomy as (
    select * from {{ ref('event_taxonomy') }}
),

{% for seed_name in expected_columns | map(attribute='seed') | unique %}
    {{ seed_name }} as (
        select * from {{ ref(seed_name) }}
    ),

{% endfor %}
dataset_extent as (
    select
        min(event_date) as first_event_date,
        max(event_date) as last_date,
        max(last_event_at) as last_event_at
    from int_tracking_events_counted
),

dataset_dates as (
    select
        case
            when
                first_event_date
                < cast({{ dbt.dateadd('day', 1 - var('journey_audit_max_days') | int, 'last_date') }} as date)
                then cast({{ dbt.dateadd('day', 1 - var('journey_audit_max_days') | int, 'last_date') }} as date)
            else first_event_date
        end as first_date,
        last_date,
        last_event_at
    from dataset_extent
),

day_offsets as (
    {{ journey.whole_numbers('day_offset', digits=4) }}
),

date_spine as (
    select
        cast({{ dbt.dateadd('day', 'day_offsets.day_offset', 'dataset_dates.first_date') }} as date) as event_date,
        {%- set dataset_days = dbt.datediff('dataset_dates.first_date', 'dataset_dates.last_date', 'day') %}
        {%- set last_day_start = dbt.cast('dataset_dates.last_date', dbt.type_timestamp()) %}
        {%- set last_day_seconds = dbt.datediff(last_day_start, 'dataset_dates.last_event_at', 'second') %}
        case
            when day_offsets.day_offset = {{ dataset_days }} -- noqa: LT01, LT05
                then
                    greatest({{ last_day_seconds }}, 1) -- noqa: LT01, LT05
                    / cast(86400 as {{ journey.type_double() }})
            else 1.0
        end as day_coverage
    from day_offsets
    cross join dataset_dates
    where day_offsets.day_offset <= {{ dataset_days }} -- noqa: LT01, LT05
),

events_seen as (
    select
        canonical_event,
        min(event_date) as first_seen_date,
        max(case when is_mapped_event then 1 else 0 end) = 1 as is_mapped_event
    from int_tracking_events_counted
    group by canonical_event
),

configured_events as (
    {% for checked in expected_columns -%}
        select {{ checked.column }}{{ ' as canonical_event' if checked.column != 'canonical_event' }}
        from {{ checked.seed }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

events_arrived_or_configured as (
    select canonical_event from events_seen
    union
    select canonical_event from configured_events
),

expected_events as (
    select distinct canonical_event
    from event_taxonomy
    where
        activity_source = 'tracking'
        and canonical_event in (select arrived.canonical_event from events_arrived_or_configured as arrived)
        {% for derived_event in var('journey_audit_derived_events') %}
            and canonical_event <> {{ journey.text_literal(derived_event) }}
        {% endfor %}
),

events_listed as (
    select
        coalesce(expected_events.canonical_event, events_seen.canonical_event) as canonical_event,
        expected_events.canonical_event is not null as is_expected_event,
        coalesce(events_seen.is_mapped_event, true) as is_mapped_event,
        events_seen.first_seen_date
    from expected_events
    full outer join events_seen
        on expected_events.canonical_event = events_seen.canonical_event
),

daily_rows as (
    select
        canonical_event,
        event_date,
        sum(event_rows) as event_rows
    from int_tracking_events_counted
    group by canonical_event, event_date
),

volumes_spined as (
    select
        events_listed.canonical_event,
        events_listed.is_expected_event,
        events_listed.is_mapped_event,
        date_spine.event_date,
        date_spine.day_coverage,
        events_listed.first_seen_date is not null
        and date_spine.event_date >= events_listed.first_seen_date as is_after_first_arrival,
        cast(coalesce(daily_rows.event_rows, 0) as {{ dbt.type_bigint() }}) as event_rows
    from events_listed
    cross join date_spine
    left join daily_rows
        on
            events_listed.canonical_event = daily_rows.canonical_event
            and date_spine.event_date = daily_rows.event_date
),

trailing_history as (
    select
        *,
        {%- set trailing_window -%}
            over (
                partition by canonical_event
                order by event_date
                rows between {{ var('journey_audit_history_days') }} preceding and 1 preceding
            )
        {%- endset %}
        coalesce(sum(case when is_after_first_arrival then 1 else 0 end) {{ trailing_window }}, 0) as trailing_days,
        avg(
            case when is_after_first_arrival then cast(event_rows as {{ journey.type_double() }}) end
        ) {{ trailing_window }} as trailing_mean,
        stddev_samp(
            case when is_after_first_arrival then cast(event_rows as {{ journey.type_double() }}) end
        ) {{ trailing_window }} as trailing_stddev
    from volumes_spined
),

volumes_expected as (
    select
        *,
        trailing_mean * day_coverage as expected_rows
    from trailing_history
),

volumes_scored as (
    select
        *,
        case
            when is_after_first_arrival and trailing_days >= {{ var('journey_audit_min_history_days') }}
                then (event_rows - expected_rows) / greatest(
                    coalesce(trailing_stddev, 0) * day_coverage, sqrt(greatest(expected_rows, 1.0))
                )
        end as z_score
    from volumes_expected
),

volumes_flagged as (
    select
        *,
        coalesce(abs(z_score) >= {{ var('journey_audit_anomaly_z') }}, false) as is_anomaly
    from volumes_scored
)

select * from volumes_flagged
