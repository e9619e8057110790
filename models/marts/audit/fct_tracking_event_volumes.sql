{#-
    Daily volume of every canonical tracking event (a dense calendar: 0 on days
    without the event) against its own trailing history, with the anomaly flag of
    int_tracking_event_volumes_scored. Filter is_anomaly for the alerts. Grain:
    canonical_event, event_date.
-#}
with

int_tracking_event_volumes_scored as (
    select * from {{ ref('int_tracking_event_volumes_scored') }}
),

volumes_final as (
    select
        cast(canonical_event as {{ dbt.type_string() }}) as canonical_event,
        cast(event_date as date) as event_date,
        cast(is_expected_event as boolean) as is_expected_event,
        cast(event_rows as {{ dbt.type_bigint() }}) as event_rows,
        cast(trailing_days as {{ dbt.type_bigint() }}) as trailing_days,
        cast(trailing_mean as {{ journey.type_double() }}) as trailing_mean,
        cast(trailing_stddev as {{ journey.type_double() }}) as trailing_stddev,
        cast(expected_rows as {{ journey.type_double() }}) as expected_rows,
        cast(z_score as {{ journey.type_double() }}) as z_score,
        cast(is_anomaly as boolean) as is_anomaly,
        cast(
            case
                when is_anomaly and event_rows > expected_rows then 'spike'
                when is_anomaly then 'drop'
            end as {{ dbt.type_string() }}
        ) as anomaly_direction
    from int_tracking_event_volumes_scored
    where is_after_first_arrival or is_expected_event
)

select * from volumes_final
