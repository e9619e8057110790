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

int_events_unioned as (
    select * from {{ ref('int_events_unioned') }}
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
        int_events_unioned.event_id,
        int_events_unioned.anonymous_id,
        int_events_unioned.user_id,
        int_events_unioned.email_hash,
        int_events_unioned.event_name_raw,
        int_events_unioned.canonical_event,
        int_events_unioned.journey_stage,
        int_events_unioned.metric_family,
        int_events_unioned.is_mapped_event,
        int_events_unioned.platform,
        int_events_unioned.page_url,
        int_events_unioned.page_path,
        int_events_unioned.referrer_host,
        int_events_unioned.utm_source,
        int_events_unioned.utm_medium,
        int_events_unioned.utm_campaign,
        int_events_unioned.utm_content,
        int_events_unioned.click_id,
        int_events_unioned.traffic_source,
        int_events_unioned.traffic_medium,
        int_events_unioned.traffic_campaign,
        int_events_unioned.channel_group,
        int_events_unioned.device_type,
        int_events_unioned.browser,
        int_events_unioned.os,
        int_events_unioned.country,
        int_events_unioned.order_id,
        int_events_unioned.revenue,
        int_events_unioned.currency,
        int_events_unioned.error_code,
        int_events_unioned.form_id,
        int_events_unioned.plan,
        int_events_unioned.payment_method,
        int_events_unioned.onboarding_step,
        int_events_unioned.feature_name,
        int_events_unioned.event_at,
        int_events_unioned.event_date,
        int_events_unioned.loaded_at
    from human_events_positioned
    inner join int_events_unioned
        on human_events_positioned.event_id = int_events_unioned.event_id
)

select * from events_sessionized
