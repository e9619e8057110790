{#-
    One row per trialist: when their first trial activity happened (var
    journey_trial_activities) and when they first activated at or after it (var
    journey_activation_activity; null if they never did). The trial and activation
    definitions of every post-conversion mart.
-#}
with

int_activities_enriched as (
    select * from {{ ref('int_activities_enriched') }}
),

trial_starts as (
    select
        person_id,
        min(activity_at) as trial_started_at
    from int_activities_enriched
    where activity in ({{ journey.string_literals(var('journey_trial_activities')) }})
    group by person_id
),

activation_activities as (
    select
        person_id,
        activity_at
    from int_activities_enriched
    where activity = {{ journey.text_literal(var('journey_activation_activity')) }}
),

trials_activated as (
    select
        trial_starts.person_id,
        trial_starts.trial_started_at,
        min(activation_activities.activity_at) as activated_at
    from trial_starts
    left join activation_activities
        on
            trial_starts.person_id = activation_activities.person_id
            and trial_starts.trial_started_at <= activation_activities.activity_at
    group by trial_starts.person_id, trial_starts.trial_started_at
)

select * from trials_activated
