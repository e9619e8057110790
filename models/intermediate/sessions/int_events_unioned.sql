{#-
    Every staged event of every event source (journey.event_sources: the native
    events and each tracker adapter), one row per event, with the columns of
    journey.staged_event_columns. A view: it copies nothing, and an incremental
    run's filters on loaded_at reach the staged tables beneath it.
-#}
{{ config(materialized='view') }}
with

events_of_every_source as (
    {{ journey.event_source_rows('staging_model', journey.staged_event_columns()) }}
)

select * from events_of_every_source
