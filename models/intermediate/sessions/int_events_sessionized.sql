{#-
    Every staged event with its session. A session is the events of one device
    (anonymous_id; a user_id when the event has no device id) in time order
    (ties broken by event_id) until
      * an event comes journey_session_timeout_minutes or more after the
        previous one (an event exactly at the timeout starts a new session), or
      * an event carries campaign tags (utm source/medium/campaign) that differ
        from the last tags seen in the session.
    Sessions do not break at midnight. Late-arriving events take their place by
    event_at, not by load time.
-#}
with

stg_tracking__events as (
    select * from {{ ref('stg_tracking__events') }}
),

events_with_device as (
    select
        *,
        coalesce(
            {{ dbt.concat(["'anonymous_id:'", 'anonymous_id']) }},
            {{ dbt.concat(["'user_id:'", 'user_id']) }}
        ) as device_key
    from stg_tracking__events
),

{{ journey.sessionize_ctes('events_with_device', 'events') }},

events_sessionized as (
    select
        {{ dbt.hash(dbt.concat(['device_key', "'|'", 'cast(device_session_number as ' ~ dbt.type_string() ~ ')'])) }}
            as session_id,
        device_key,
        device_session_number,
        event_number_in_session,
        session_break = 1 as is_session_start,
        event_id,
        anonymous_id,
        user_id,
        email_hash,
        event_name_raw,
        canonical_event,
        journey_stage,
        metric_family,
        is_mapped_event,
        platform,
        page_url,
        page_path,
        referrer_host,
        utm_source,
        utm_medium,
        utm_campaign,
        utm_content,
        click_id,
        traffic_source,
        traffic_medium,
        traffic_campaign,
        channel_group,
        device_type,
        browser,
        os,
        country,
        order_id,
        revenue,
        currency,
        error_code,
        form_id,
        plan,
        payment_method,
        onboarding_step,
        feature_name,
        event_at,
        event_date,
        loaded_at
    from events_positioned
)

select * from events_sessionized
