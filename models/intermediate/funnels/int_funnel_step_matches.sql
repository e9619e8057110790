{#-
    Every timeline activity that matches a funnel step or exclusion step (its canonical event
    and property filter), with the funnel's actor (the person, or the session for
    session-scoped funnels) and the activity's position on the actor's timeline.
-#}
with

int_activities_enriched as (
    select * from {{ ref('int_activities_enriched') }}
),

int_funnel_steps_prepared as (
    select * from {{ ref('int_funnel_steps_prepared') }}
),

activities_positioned as (
    -- on the ids alone: carrying every timeline column through the window functions is slow
    select
        activity_id,
        {{ journey.funnel_timeline_position('person_id') }} as person_activity_number,
        {{ journey.funnel_timeline_position('session_id') }} as session_activity_number
    from int_activities_enriched
    where person_id is not null
),

activities_matched_to_steps as (
    -- distinct: two exclusions of one step may match the same activity
    select distinct
        step.funnel_name,
        step.step_number,
        step.is_exclusion,
        step.is_same_event_as_previous_step,
        step.order_mode,
        step.scope,
        step.window_days,
        {{ journey.funnel_by_scope('step.scope', 'activity.person_id', 'activity.session_id') }} as actor_id,
        {{ journey.funnel_by_scope(
            'step.scope', 'activity_position.person_activity_number', 'activity_position.session_activity_number'
        ) }} as actor_activity_number,
        activity.activity_id,
        activity.activity_at,
        activity.person_id,
        activity.session_id
    from int_activities_enriched as activity
    inner join int_funnel_steps_prepared as step
        on
            {{ journey.funnel_activity_matches_step(
                'activity', 'step', journey.activity_property_names()
            ) | indent(12) }}
    inner join activities_positioned as activity_position
        on activity.activity_id = activity_position.activity_id
    where {{ journey.funnel_activity_has_actor('activity', 'step') }}
)

select * from activities_matched_to_steps
