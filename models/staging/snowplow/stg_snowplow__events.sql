{#-
    Staged Snowplow events: valid, deduplicated by event id (Snowplow's redeliveries
    counted as duplicates, its synthetic duplicates, overlong sessions and late device
    events quarantined by base_snowplow__events), conformed to the event taxonomy and
    to the channel grouping by journey.tracked_events_conformed, the step every
    tracker adapter shares.
-#}
{{ config(**journey.load_partitioned_config()) }}
with

base_snowplow__events as (
    select * from {{ ref('base_snowplow__events') }}
),

event_taxonomy as (
    select * from {{ ref('event_taxonomy') }}
),

click_id_types as (
    select * from {{ ref('click_id_types') }}
),

channel_rules as (
    select * from {{ ref('channel_rules') }}
),

{{ journey.tracked_events_conformed('base_snowplow__events') }}

select * from tracked_events_conformed
