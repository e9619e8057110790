{#-
    Staged Segment events (tracks, pages and screens): valid, deduplicated by message id,
    conformed to the event taxonomy and to the channel grouping by
    journey.tracked_events_conformed, the step every tracker adapter shares.
-#}
{{ config(**journey.load_partitioned_config()) }}
with

base_segment__events as (
    select * from {{ ref('base_segment__events') }}
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

{{ journey.tracked_events_conformed('base_segment__events') }}

select * from tracked_events_conformed
