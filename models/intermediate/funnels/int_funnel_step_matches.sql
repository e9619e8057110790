{#-
    Every timeline activity that matches a funnel step or exclusion step (its canonical event and
    property filters: all of them, or any, by the step's filter_match), with the funnel's actor (the
    person, or the session for session-scoped funnels) and the activity's position on the actor's
    timeline.
-#}
with

int_activities_enriched as (
    select * from {{ ref('int_activities_enriched') }}
),

int_funnel_steps_prepared as (
    select * from {{ ref('int_funnel_steps_prepared') }}
),

int_funnel_step_filters_prepared as (
    select * from {{ ref('int_funnel_step_filters_prepared') }}
),

activities_positioned as (
    -- on the ids alone: carrying every timeline column through the window functions is slow
    {{ journey.funnel_activities_positioned('int_activities_enriched') }}
),

activities_matched_to_events as (
    {{ journey.funnel_activities_matched_to_events(
        activities='int_activities_enriched',
        positions='activities_positioned',
        steps='int_funnel_steps_prepared',
        filters='int_funnel_step_filters_prepared',
        property_columns=journey.activity_property_names(),
    ) }}
),

activities_filters_counted as (
    {{ journey.funnel_activities_filters_counted('activities_matched_to_events') }}
),

activities_matched_to_steps as (
    {{ journey.funnel_activities_matched_to_steps('activities_filters_counted') }}
)

select * from activities_matched_to_steps
