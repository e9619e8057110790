{#-
    Every staged event with its session. A session is the events of one device
    (anonymous_id; a user_id when the event has no device id) in time order
    (ties broken by event_id) until
      * an event comes journey_session_timeout_minutes or more after the
        previous one (an event exactly at the timeout starts a new session), or
      * an event carries campaign tags (utm source/medium/campaign) that differ
        from the last tags seen in the session.
    Sessions do not break at midnight. Late-arriving events take their place by
    event_at, not by load time. The cut itself is int_device_events_sessionized;
    this model adds the session id and the event's columns.
-#}
{{ config(**journey.entity_keyed_config(['device_key'])) }}
with

stg_tracking__events as (
    select * from {{ ref('stg_tracking__events') }}
),

int_device_events_sessionized as (
    select * from {{ ref('int_device_events_sessionized') }}
),

human_events_of_all_devices as (
    select * from int_device_events_sessionized
    where event_kind = 'human'
),

-- an incremental run rebuilds every device with an event in a reprocessed load, whole
human_events_positioned as (
    {{ journey.rows_of_entities_in_scope('human_events_of_all_devices', ['device_key']) }}
),

events_sessionized as (
    select
        {{ dbt.hash(dbt.concat([
            'human_events_positioned.device_key', "'|'",
            'cast(human_events_positioned.device_session_number as ' ~ dbt.type_string() ~ ')',
        ])) }}
            as session_id,
        human_events_positioned.device_key,
        human_events_positioned.device_session_number,
        human_events_positioned.event_number_in_session,
        human_events_positioned.is_session_start,
        stg_tracking__events.event_id,
        stg_tracking__events.anonymous_id,
        stg_tracking__events.user_id,
        stg_tracking__events.email_hash,
        stg_tracking__events.event_name_raw,
        stg_tracking__events.canonical_event,
        stg_tracking__events.journey_stage,
        stg_tracking__events.metric_family,
        stg_tracking__events.is_mapped_event,
        stg_tracking__events.platform,
        stg_tracking__events.page_url,
        stg_tracking__events.page_path,
        stg_tracking__events.referrer_host,
        stg_tracking__events.utm_source,
        stg_tracking__events.utm_medium,
        stg_tracking__events.utm_campaign,
        stg_tracking__events.utm_content,
        stg_tracking__events.click_id,
        stg_tracking__events.traffic_source,
        stg_tracking__events.traffic_medium,
        stg_tracking__events.traffic_campaign,
        stg_tracking__events.channel_group,
        stg_tracking__events.device_type,
        stg_tracking__events.browser,
        stg_tracking__events.os,
        stg_tracking__events.country,
        stg_tracking__events.order_id,
        stg_tracking__events.revenue,
        stg_tracking__events.currency,
        stg_tracking__events.error_code,
        stg_tracking__events.form_id,
        stg_tracking__events.plan,
        stg_tracking__events.payment_method,
        stg_tracking__events.onboarding_step,
        stg_tracking__events.feature_name,
        stg_tracking__events.event_at,
        stg_tracking__events.event_date,
        stg_tracking__events.loaded_at
    from human_events_positioned
    inner join stg_tracking__events
        on human_events_positioned.event_id = stg_tracking__events.event_id
)

select * from events_sessionized
