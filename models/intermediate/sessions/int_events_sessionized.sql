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
{%- set timeout_seconds = var('journey_session_timeout_minutes') * 60 -%}

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
        ) as device_key,
        case
            when utm_source is not null or utm_medium is not null or utm_campaign is not null
                then {{ dbt.concat([
                    "coalesce(utm_source, '')", "'|'", "coalesce(utm_medium, '')", "'|'", "coalesce(utm_campaign, '')"
                ]) }}
        end as campaign_key
    from stg_tracking__events
),

events_with_previous as (
    select
        *,
        lag(event_at) over (partition by device_key order by event_at, event_id) as previous_event_at
    from events_with_device
),

events_with_timeout_breaks as (
    select
        *,
        case
            when previous_event_at is null then 1
            when {{ dbt.datediff('previous_event_at', 'event_at', 'second') }} >= {{ timeout_seconds }} then 1
            else 0
        end as timeout_break
    from events_with_previous
),

events_in_time_windows as (
    select
        *,
        sum(timeout_break) over (
            partition by device_key order by event_at, event_id rows between unbounded preceding and current row
        ) as time_window_number
    from events_with_timeout_breaks
),

events_with_campaign_in_window as (
    select
        *,
        {{ journey.previous_non_null('campaign_key', 'device_key, time_window_number', 'event_at, event_id') }}
            as previous_campaign_key_in_window
    from events_in_time_windows
),

events_with_session_breaks as (
    select
        *,
        case
            when timeout_break = 1 then 1
            when campaign_key is not null
                and (previous_campaign_key_in_window is null or campaign_key != previous_campaign_key_in_window)
                then 1
            else 0
        end as session_break
    from events_with_campaign_in_window
),

events_numbered as (
    select
        *,
        sum(session_break) over (
            partition by device_key order by event_at, event_id rows between unbounded preceding and current row
        ) as device_session_number
    from events_with_session_breaks
),

events_sessionized as (
    select
        {{ dbt.hash(dbt.concat(['device_key', "'|'", 'cast(device_session_number as ' ~ dbt.type_string() ~ ')'])) }}
            as session_id,
        device_key,
        device_session_number,
        row_number() over (
            partition by device_key, device_session_number order by event_at, event_id
        ) as event_number_in_session,
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
    from events_numbered
)

select * from events_sessionized
