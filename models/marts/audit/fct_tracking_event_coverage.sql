{#-
    Whether each tracking event arrives: one row per canonical event expected (a
    taxonomy tracking event that the configuration names) or seen in the data.
    tracking_status: 'absent' (expected, never arrived), 'unmapped' (arrives under a name the taxonomy does not know),
    'stopped' (silent since its last arrival for so long that at its usual rate the
    silence would have held at least journey_audit_stopped_min_expected_rows rows),
    'arriving' otherwise. The usual rate is its rows per day from first to last
    arrival (at least one day); the silence runs from its last event to the latest
    event of any kind (dataset_last_event_at), in hours, so a partial last day does
    not look like a stop. Grain: canonical_event.
-#}
with

int_tracking_event_volumes_scored as (
    select * from {{ ref('int_tracking_event_volumes_scored') }}
),

int_tracking_events_counted as (
    select * from {{ ref('int_tracking_events_counted') }}
),

dataset_clock as (
    select max(last_event_at) as dataset_last_event_at
    from int_tracking_events_counted
),

arrival_times as (
    select
        canonical_event,
        min(first_event_at) as first_seen_at,
        max(last_event_at) as last_seen_at
    from int_tracking_events_counted
    group by canonical_event
),

events_summarized as (
    select
        canonical_event,
        max(case when is_expected_event then 1 else 0 end) = 1 as is_expected_event,
        max(case when is_mapped_event then 1 else 0 end) = 1 as is_mapped_event,
        sum(event_rows) as total_rows,
        sum(case when event_rows > 0 then 1 else 0 end) as days_with_rows,
        sum(case when is_anomaly then 1 else 0 end) as anomaly_days
    from int_tracking_event_volumes_scored
    group by canonical_event
),

events_measured as (
    select
        events_summarized.*,
        arrival_times.first_seen_at,
        arrival_times.last_seen_at,
        dataset_clock.dataset_last_event_at,
        {%- set silent_seconds = dbt.datediff(
            'arrival_times.last_seen_at', 'dataset_clock.dataset_last_event_at', 'second'
        ) %}
        {%- set seen_seconds = dbt.datediff('arrival_times.first_seen_at', 'arrival_times.last_seen_at', 'second') %}
        {{ silent_seconds }} / cast(3600 as {{ journey.type_double() }}) as silent_hours, -- noqa: LT01, LT05
        case
            when arrival_times.first_seen_at is not null
                then cast(events_summarized.total_rows as {{ journey.type_double() }}) * 86400 / greatest(
                    {{ seen_seconds }}, 86400 -- noqa: LT01, LT05
                )
        end as usual_daily_rows
    from events_summarized
    cross join dataset_clock
    left join arrival_times
        on events_summarized.canonical_event = arrival_times.canonical_event
),

events_classified as (
    select
        *,
        usual_daily_rows * silent_hours / 24.0 as expected_rows_while_silent,
        case
            when first_seen_at is null then 'absent'
            when not is_mapped_event then 'unmapped'
            when usual_daily_rows * silent_hours / 24.0 >= {{ var('journey_audit_stopped_min_expected_rows') }}
                then 'stopped'
            else 'arriving'
        end as tracking_status
    from events_measured
),

coverage_final as (
    select
        cast(canonical_event as {{ dbt.type_string() }}) as canonical_event,
        cast(tracking_status as {{ dbt.type_string() }}) as tracking_status,
        cast(is_expected_event as boolean) as is_expected_event,
        cast(is_mapped_event as boolean) as is_mapped_event,
        cast(first_seen_at as {{ dbt.type_timestamp() }}) as first_seen_at,
        cast(last_seen_at as {{ dbt.type_timestamp() }}) as last_seen_at,
        cast(dataset_last_event_at as {{ dbt.type_timestamp() }}) as dataset_last_event_at,
        cast(silent_hours as {{ journey.type_double() }}) as silent_hours,
        cast(total_rows as {{ dbt.type_bigint() }}) as total_rows,
        cast(days_with_rows as {{ dbt.type_bigint() }}) as days_with_rows,
        cast(usual_daily_rows as {{ journey.type_double() }}) as usual_daily_rows,
        cast(expected_rows_while_silent as {{ journey.type_double() }}) as expected_rows_while_silent,
        cast(anomaly_days as {{ dbt.type_bigint() }}) as anomaly_days
    from events_classified
)

select * from coverage_final
