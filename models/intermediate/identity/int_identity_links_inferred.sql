{#-
    Probabilistic identity links (issue 15 item 7; off unless var
    journey_identity_inferred_links is true): a device that never logs in nor types
    an email can still be its owner's when it opens the owner's email. Rule
    'email_click_visit': an email click (the recipient's email hash, the campaign's
    utm_campaign, the click time) and a tracked event tagged utm_medium = 'email' with
    the same utm_campaign within journey_identity_click_window_seconds after the click
    are one person, when the match is unambiguous both ways: the click has exactly one
    device landing in its window, and that landing has exactly one recipient's click
    before it. A device matched to two recipients over time is not linked, nor a device
    that any tracked event already ties to an account or an email (the deterministic
    graph decides for it).
    link_confidence: the chance that no other click of the campaign falls in the
    window by coincidence, exp(-n x window / 7200 s) for the n other clicks of the
    campaign within an hour either side of the click (a Poisson rate), the best of the
    device's matches, rounded to 6 digits; a link below
    journey_identity_inferred_min_confidence is not used. It scores the click side
    of the match only (a forwarded email reads as its recipient's). The links enter
    the identity graph as observations of source 'email_click_visit'
    (int_identity_observations_unioned). Grain: anonymous_id.
-#}
{%- set is_enabled = var('journey_identity_inferred_links') -%}
{%- set window_seconds = var('journey_identity_click_window_seconds') | int -%}
{%- set nearby_seconds = 3600 -%}

with

stg_email__email_events as (
    select * from {{ ref('stg_email__email_events') }}
),

int_events_unioned as (
    select * from {{ ref('int_events_unioned') }}
),

email_clicks as (
    select
        email_event_id,
        email_hash,
        utm_campaign,
        email_event_at as clicked_at
    from stg_email__email_events
    where
        {{ 'true' if is_enabled else 'false' }}
        and email_event_type = 'clicked'
        and email_hash is not null
        and utm_campaign is not null
        and email_event_at is not null
),

clicks_nearby_counted as (
    select
        email_clicks.email_event_id,
        count(nearby_clicks.email_event_id) as nearby_click_count
    from email_clicks
    left join email_clicks as nearby_clicks
        on
            email_clicks.utm_campaign = nearby_clicks.utm_campaign
            and email_clicks.email_event_id <> nearby_clicks.email_event_id
            and nearby_clicks.clicked_at >= {{ dbt.dateadd('second', -1 * nearby_seconds, 'email_clicks.clicked_at') }}
            and nearby_clicks.clicked_at <= {{ dbt.dateadd('second', nearby_seconds, 'email_clicks.clicked_at') }}
    group by email_clicks.email_event_id
),

devices_identified as (
    select distinct anonymous_id
    from int_events_unioned
    where
        anonymous_id is not null
        and (user_id is not null or email_hash is not null)
),

email_landings as (
    select
        event_id,
        anonymous_id,
        utm_campaign,
        event_at
    from int_events_unioned
    where
        {{ 'true' if is_enabled else 'false' }}
        and utm_medium = 'email'
        and utm_campaign is not null
        and anonymous_id is not null
        and event_at is not null
),

click_landing_candidates as (
    select
        email_clicks.email_event_id,
        email_clicks.email_hash,
        email_clicks.clicked_at,
        email_landings.event_id,
        email_landings.anonymous_id,
        email_landings.event_at as landed_at
    from email_clicks
    inner join email_landings
        on
            email_clicks.utm_campaign = email_landings.utm_campaign
            and email_clicks.clicked_at <= email_landings.event_at
            and email_landings.event_at <= {{ dbt.dateadd('second', window_seconds, 'email_clicks.clicked_at') }}
),

clicks_with_one_device as (
    select email_event_id
    from click_landing_candidates
    group by email_event_id
    having count(distinct anonymous_id) = 1
),

landings_with_one_recipient as (
    select event_id
    from click_landing_candidates
    group by event_id
    having count(distinct email_hash) = 1
),

click_landings_matched as (
    select
        candidates.*,
        exp(
            -1.0 * clicks_nearby_counted.nearby_click_count * {{ window_seconds }}
            / cast({{ 2 * nearby_seconds }} as {{ journey.type_double() }})
        ) as match_confidence
    from click_landing_candidates as candidates
    inner join clicks_nearby_counted
        on candidates.email_event_id = clicks_nearby_counted.email_event_id
    where
        candidates.email_event_id in (select one_device.email_event_id from clicks_with_one_device as one_device)
        and candidates.event_id in (select one_recipient.event_id from landings_with_one_recipient as one_recipient)
),

device_matches_summarized as (
    select
        anonymous_id,
        min(email_hash) as email_hash,
        count(distinct email_hash) as recipient_count,
        count(distinct email_event_id) as matched_click_count,
        max(match_confidence) as match_confidence,
        min(landed_at) as first_matched_at,
        max(landed_at) as last_matched_at
    from click_landings_matched
    group by anonymous_id
),

links_inferred as (
    select
        cast(anonymous_id as {{ dbt.type_string() }}) as anonymous_id,
        cast(email_hash as {{ dbt.type_string() }}) as email_hash,
        cast('email_click_visit' as {{ dbt.type_string() }}) as link_rule,
        cast(round(match_confidence, 6) as {{ journey.type_double() }}) as link_confidence,
        cast(matched_click_count as {{ dbt.type_bigint() }}) as matched_click_count,
        cast(first_matched_at as {{ dbt.type_timestamp() }}) as first_matched_at,
        cast(last_matched_at as {{ dbt.type_timestamp() }}) as last_matched_at
    from device_matches_summarized
    where
        recipient_count = 1
        and anonymous_id not in (select known_devices.anonymous_id from devices_identified as known_devices)
        and round(match_confidence, 6) >= {{ var('journey_identity_inferred_min_confidence') }}
)

select * from links_inferred
