{#-
    Bots are kept out of behaviour (their events are quarantined with reason
    'bot') but counted: one row per day with the bot events, the sessions they
    make (cut by the same rules as human sessions) and the bot devices.
-#}
with

base_tracking__events as (
    select * from {{ ref('base_tracking__events') }}
),

bot_events as (
    select * from base_tracking__events
    where quarantine_reason = 'bot'
),

{{ journey.sessionize_ctes('bot_events', 'bot_events') }},

bot_sessions_started as (
    select
        cast(event_at as date) as event_date,
        count(*) as bot_events_count,
        sum(session_break) as bot_sessions_count,
        count(distinct device_key) as bot_devices_count
    from bot_events_positioned
    group by cast(event_at as date)
)

select * from bot_sessions_started
