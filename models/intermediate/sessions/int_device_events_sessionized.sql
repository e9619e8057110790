{#-
    Sessions are cut here, once, for human and bot events alike, on a narrow
    projection (sorting wide rows is what costs). A session is the events of one
    device in time order (ties broken by event_id) until
      * an event comes journey_session_timeout_minutes or more after the previous
        one (an event exactly at the timeout starts a new session), or
      * an event carries campaign tags (utm source/medium/campaign) that differ
        from the last tags seen in the session, or
      * the visit those two rules cut has lasted journey_session_max_hours: the
        visit is cut on a fixed grid from its first event, so its event at or after
        first event + k x max hours starts its session k + 1 (each session lasts
        less than max hours; an event exactly max hours after the first starts a
        new one). A grid, not 'max hours after the current session's start', because
        that rule is sequential (each cut moves the next) and would need recursion;
        the grid is exact with window functions on every engine.
    When the event comes from a tracker with its own session id (GA4's
    ga_session_id, Snowplow's domain_sessionid: tracker_session_id) and
    journey_sessions_follow_tracker is true (the default), its session is that id
    on the device instead, so the numbers match the tracker's own tools; sessions
    of both kinds on one device are numbered together by their first event.
    Human events are the staged events of every event source; bot events are the
    base rows quarantined as 'bot' (first delivery of each). Their sessions are
    cut apart.
-#}
{{ config(**journey.entity_keyed_config(['event_kind', 'device_key'])) }}
{%- set event_order = 'event_at, event_id' -%}
{%- set device = 'event_kind, device_key' -%}
with

int_events_unioned as (
    select * from {{ ref('int_events_unioned') }}
),

bot_events_of_every_source as (
    {{ journey.event_source_rows(
        'base_model',
        ['event_id', 'anonymous_id', 'user_id', 'tracker_session_id', 'event_at',
            'utm_source', 'utm_medium', 'utm_campaign', 'loaded_at'],
        row_filter="quarantine_reason = 'bot' and not is_duplicate",
    ) }}
),

events_of_all_devices as (
    select
        'human' as event_kind,
        {{ journey.device_key('anonymous_id', 'user_id') }} as device_key,
        event_id,
        tracker_session_id,
        event_at,
        utm_source,
        utm_medium,
        utm_campaign,
        loaded_at
    from int_events_unioned
    union all
    select
        'bot' as event_kind,
        {{ journey.device_key('anonymous_id', 'user_id') }} as device_key,
        event_id,
        tracker_session_id,
        event_at,
        utm_source,
        utm_medium,
        utm_campaign,
        loaded_at
    from bot_events_of_every_source
),

-- an incremental run rebuilds every device with an event in a reprocessed load, whole
events_on_devices as (
    {{ journey.rows_of_entities_in_scope('events_of_all_devices', ['event_kind', 'device_key']) }}
),

events_with_campaign_key as (
    select
        *,
        case
            when utm_source is not null or utm_medium is not null or utm_campaign is not null
                then {{ dbt.concat([
                    "coalesce(utm_source, '')", "'|'", "coalesce(utm_medium, '')", "'|'",
                    "coalesce(utm_campaign, '')",
                ]) }}
        end as campaign_key,
        lag(event_at) over (partition by {{ device }} order by {{ event_order }}) as previous_event_at
    from events_on_devices
),

events_with_timeout_breaks as (
    select
        *,
        case
            when previous_event_at is null then 1
            when
                {{ dbt.datediff('previous_event_at', 'event_at', 'second') | trim }} -- noqa: LT01
                >= {{ var('journey_session_timeout_minutes') * 60 }}
                then 1
            else 0
        end as timeout_break
    from events_with_campaign_key
),

events_with_time_windows as (
    select
        *,
        sum(timeout_break) over (
            partition by {{ device }} order by {{ event_order }} rows between unbounded preceding and current row
        ) as time_window_number
    from events_with_timeout_breaks
),

events_with_previous_campaign as (
    select
        *,
        {{ journey.previous_non_null('campaign_key', device ~ ', time_window_number', event_order) }}
            as previous_campaign_key
    from events_with_time_windows
),

events_with_session_breaks as (
    select
        *,
        case
            when timeout_break = 1 then 1
            when
                campaign_key is not null
                and (previous_campaign_key is null or campaign_key != previous_campaign_key)
                then 1
            else 0
        end as session_break
    from events_with_previous_campaign
),

events_with_visit_numbers as (
    select
        *,
        sum(session_break) over (
            partition by {{ device }} order by {{ event_order }} rows between unbounded preceding and current row
        ) as visit_number
    from events_with_session_breaks
),

events_with_visit_parts as (
    select
        *,
        {%- set visit_started_at = 'min(event_at) over (partition by ' ~ device ~ ', visit_number)' %}
        {{ journey.session_length_part('event_at', visit_started_at) }} as visit_part_number -- noqa: LT01
    from events_with_visit_numbers
),

-- a tracker's own session id, when it has one and journey_sessions_follow_tracker is on, replaces the rules
events_with_session_keys as (
    {%- set follows = var('journey_sessions_follow_tracker') %}
    {%- set follows_tracker = 'tracker_session_id is not null' if follows else '1 = 0' %}
    select
        *,
        {{ 'tracker_session_id' if follows else 'cast(null as ' ~ dbt.type_string() ~ ')' }}
            as session_tracker_key,
        case when {{ follows_tracker }} then 0 else visit_number end as session_visit_number,
        case when {{ follows_tracker }} then 0 else visit_part_number end as session_visit_part_number
    from events_with_visit_parts
),

{%- set session = device ~ ', session_tracker_key, session_visit_number, session_visit_part_number' %}

events_with_session_starts_at as (
    select
        *,
        min(event_at) over (partition by {{ session }}) as session_started_at
    from events_with_session_keys
),

events_sessionized as (
    select
        event_kind,
        event_id,
        device_key,
        event_at,
        loaded_at,
        dense_rank() over (
            partition by {{ device }}
            order by session_started_at, session_visit_number, session_visit_part_number, session_tracker_key
        ) as device_session_number,
        row_number() over (partition by {{ session }} order by {{ event_order }}) as event_number_in_session
    from events_with_session_starts_at
),

events_with_session_starts as (
    select
        *,
        event_number_in_session = 1 as is_session_start
    from events_sessionized
)

select * from events_with_session_starts
