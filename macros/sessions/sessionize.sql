{#-
    The CTEs that cut the events of a relation into sessions. The relation needs
    anonymous_id, user_id, event_id, event_at, utm_source, utm_medium and
    utm_campaign; sessions are cut on that narrow projection (sorting wide rows
    is what costs) and carry device_key, event_id and event_at. The
    last CTE, <prefix>_numbered, adds
      device_session_number: the session's number on its device,
      event_number_in_session: the event's position in its session,
      session_break: 1 for the event that starts a session, else 0.
    A session ends when an event comes journey_session_timeout_minutes or more
    after the previous one, or carries campaign tags that differ from the last
    tags seen in the session. Ties on event_at are broken by event_id.
-#}
{% macro sessionize_ctes(relation_name, prefix) %}
    {%- set timeout_seconds = var('journey_session_timeout_minutes') * 60 -%}
    {%- set event_order = 'event_at, event_id' -%}
    {{ prefix }}_on_devices as (
        select
            {{ journey.device_key('anonymous_id', 'user_id') }} as device_key,
            event_id,
            event_at,
            utm_source,
            utm_medium,
            utm_campaign
        from {{ relation_name }}
    ),

    {{ prefix }}_with_campaign_key as (
        select
            *,
            case
                when utm_source is not null or utm_medium is not null or utm_campaign is not null
                    then {{ dbt.concat([
                        "coalesce(utm_source, '')", "'|'", "coalesce(utm_medium, '')", "'|'",
                        "coalesce(utm_campaign, '')",
                    ]) }}
            end as campaign_key,
            lag(event_at) over (partition by device_key order by {{ event_order }}) as previous_event_at
        from {{ prefix }}_on_devices
    ),

    {{ prefix }}_with_timeout_breaks as (
        select
            *,
            case
                when previous_event_at is null then 1
                when {{ dbt.datediff('previous_event_at', 'event_at', 'second') }} >= {{ timeout_seconds }} then 1
                else 0
            end as timeout_break
        from {{ prefix }}_with_campaign_key
    ),

    {{ prefix }}_with_time_windows as (
        select
            *,
            sum(timeout_break) over (
                partition by device_key order by {{ event_order }} rows between unbounded preceding and current row
            ) as time_window_number
        from {{ prefix }}_with_timeout_breaks
    ),

    {{ prefix }}_with_previous_campaign as (
        select
            *,
            {{ journey.previous_non_null('campaign_key', 'device_key, time_window_number', event_order) }}
                as previous_campaign_key
        from {{ prefix }}_with_time_windows
    ),

    {{ prefix }}_with_breaks as (
        select
            *,
            case
                when timeout_break = 1 then 1
                when campaign_key is not null
                    and (previous_campaign_key is null or campaign_key != previous_campaign_key)
                    then 1
                else 0
            end as session_break
        from {{ prefix }}_with_previous_campaign
    ),

    {{ prefix }}_numbered as (
        select
            *,
            sum(session_break) over (
                partition by device_key order by {{ event_order }} rows between unbounded preceding and current row
            ) as device_session_number
        from {{ prefix }}_with_breaks
    ),

    {{ prefix }}_positioned as (
        select
            *,
            row_number() over (
                partition by device_key, device_session_number order by {{ event_order }}
            ) as event_number_in_session
        from {{ prefix }}_numbered
    )
{%- endmacro %}


{#- The device an event happened on: its anonymous_id, else its user_id (a server-side event). -#}
{% macro device_key(anonymous_id, user_id) -%}
    coalesce(
        {{ dbt.concat(["'anonymous_id:'", anonymous_id]) }},
        {{ dbt.concat(["'user_id:'", user_id]) }}
    )
{%- endmacro %}
