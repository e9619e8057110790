{#-
    One row per session with its entry attributes, measures and person.
    The person is the one behind the session's first logged-in user_id, else the
    one behind its device: on a shared device (a guarded anonymous_id) each
    logged-in session goes to its own user. Engaged follows GA4: longer than
    journey_engaged_session_seconds, a conversion event, or 2+ page views;
    bounced is the opposite of engaged.
    An incremental run rebuilds every device with an event in a reprocessed load, and every device
    one of whose sessions now belongs to another person (the identity graph linked or split it).
-#}
{{ config(**journey.entity_keyed_config(['device_key'])) }}
{%- set session_seconds = dbt.datediff(
    'session_measures.session_started_at', 'session_measures.session_ended_at', 'second') | trim -%}
with

int_events_sessionized as (
    select * from {{ ref('int_events_sessionized') }}
),

int_identifiers_resolved as (
    select * from {{ ref('int_identifiers_resolved') }}
),
{% if is_incremental() %}
devices_with_another_person as (
    select distinct previous_sessions.device_key
    from {{ this }} as previous_sessions
    left join int_identifiers_resolved as user_identity
        on user_identity.identifier_key = {{ journey.identifier_key("'user_id'", 'previous_sessions.user_id') }}
    left join int_identifiers_resolved as device_identity
        on previous_sessions.device_key = device_identity.identifier_key
    where {{ journey.is_distinct(
        'coalesce(user_identity.person_id, device_identity.person_id)', 'previous_sessions.person_id'
    ) }}
),
{% endif %}
events_of_devices_in_scope as (
    {{ journey.rows_of_entities_in_scope(
        'int_events_sessionized', ['device_key'],
        extra_entities='devices_with_another_person' if is_incremental() else none,
    ) }}
),

session_entry_events as (
    select * from events_of_devices_in_scope
    where event_number_in_session = 1
),

session_measures as (
    select
        session_id,
        min(event_at) as session_started_at,
        max(event_at) as session_ended_at,
        count(*) as events_count,
        sum(case when canonical_event = 'page_view' then 1 else 0 end) as page_views_count,
        sum(case when metric_family = 'conversion' then 1 else 0 end) as conversion_events_count,
        -- the first logged-in user_id of the session (rows without one sort last)
        min_by(user_id, case when user_id is null then 2147483647 else event_number_in_session end) as first_user_id,
        max(loaded_at) as loaded_at
    from events_of_devices_in_scope
    group by session_id
),

sessions_joined as (
    select
        session_entry_events.session_id,
        session_entry_events.device_key,
        session_entry_events.device_session_number,
        session_entry_events.anonymous_id,
        session_measures.first_user_id as user_id,

        -- entry
        session_entry_events.page_path as landing_page_path,
        session_entry_events.page_url as landing_page_url,
        session_entry_events.traffic_source as entry_source,
        session_entry_events.traffic_medium as entry_medium,
        session_entry_events.traffic_campaign as entry_campaign,
        session_entry_events.channel_group as entry_channel_group,
        session_entry_events.utm_content as entry_content,
        session_entry_events.referrer_host as entry_referrer_host,
        session_entry_events.click_id is not null as has_click_id,

        -- device and place
        session_entry_events.platform,
        session_entry_events.device_type,
        session_entry_events.browser,
        session_entry_events.os,
        session_entry_events.country,

        -- measures
        session_measures.session_started_at,
        session_measures.session_ended_at,
        cast(session_measures.session_started_at as date) as session_started_date,
        {{ session_seconds }} -- noqa: LT01
            as duration_seconds,
        session_measures.events_count,
        session_measures.page_views_count,
        session_measures.conversion_events_count,
        session_measures.loaded_at
    from session_entry_events
    inner join session_measures
        on session_entry_events.session_id = session_measures.session_id
),

sessions_with_person as (
    select
        sessions_joined.*,
        coalesce(user_identity.person_id, device_identity.person_id) as person_id,
        (
            sessions_joined.duration_seconds > {{ var('journey_engaged_session_seconds') }}
            or sessions_joined.conversion_events_count > 0
            or sessions_joined.page_views_count >= 2
        ) as is_engaged,
        sessions_joined.conversion_events_count > 0 as is_converted
    from sessions_joined
    left join int_identifiers_resolved as user_identity
        on user_identity.identifier_key = {{ journey.identifier_key("'user_id'", 'sessions_joined.user_id') }}
    left join int_identifiers_resolved as device_identity
        on sessions_joined.device_key = device_identity.identifier_key
),

sessions_flagged as (
    select
        *,
        not is_engaged as is_bounced
    from sessions_with_person
)

select * from sessions_flagged
