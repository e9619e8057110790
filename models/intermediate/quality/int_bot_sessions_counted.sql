{#-
    Bots are kept out of behaviour (their events are quarantined with reason
    'bot') but counted: one row per day with the bot events (first deliveries),
    the sessions they make (cut by the same rules as human sessions, in
    int_device_events_sessionized) and the bot devices.
-#}
with

int_device_events_sessionized as (
    select * from {{ ref('int_device_events_sessionized') }}
),

bot_events as (
    select * from int_device_events_sessionized
    where event_kind = 'bot'
),

bot_sessions_started as (
    select
        cast(event_at as date) as event_date,
        count(*) as bot_events_count,
        sum(case when is_session_start then 1 else 0 end) as bot_sessions_count,
        count(distinct device_key) as bot_devices_count
    from bot_events
    group by cast(event_at as date)
)

select * from bot_sessions_started
