{#-
    The populations of the churn-predictor mart: one row per outcome of the churn_outcomes
    seed and person who did its start activity (from their first one) and was observed for
    the whole window after it (the end of observation as in the retention marts,
    macro retention_observed_until), with whether the outcome happened and when the
    person's behaviours stop counting (the start, or the outcome or the window's end).
-#}
with

int_activities_enriched as (
    select * from {{ ref('int_activities_enriched') }}
),

churn_outcomes as (
    select * from {{ ref('churn_outcomes') }}
),

observation_end as (
    select {{ journey.retention_observed_until('max(activity_at)') }} as observed_until
    from int_activities_enriched
),

first_starts as (
    select
        churn_outcomes.outcome_name,
        activities.person_id,
        min(activities.activity_at) as started_at
    from int_activities_enriched as activities
    inner join churn_outcomes
        on activities.activity = churn_outcomes.start_activity
    group by churn_outcomes.outcome_name, activities.person_id
),

starts_with_windows as (
    select
        first_starts.outcome_name,
        first_starts.person_id,
        first_starts.started_at,
        {{ journey.add_minutes('first_starts.started_at', 'churn_outcomes.window_days * 1440') }} as window_ends_at,
        churn_outcomes.outcome_activity,
        churn_outcomes.is_outcome_absence,
        churn_outcomes.behaviours_before,
        churn_outcomes.behaviour_kinds
    from first_starts
    inner join churn_outcomes
        on first_starts.outcome_name = churn_outcomes.outcome_name
),

fully_observed_starts as (
    select starts_with_windows.*
    from starts_with_windows
    cross join observation_end
    where starts_with_windows.window_ends_at <= observation_end.observed_until
),

first_outcome_activities as (
    select
        observed_starts.outcome_name,
        observed_starts.person_id,
        min(activities.activity_at) as outcome_activity_at
    from fully_observed_starts as observed_starts
    inner join int_activities_enriched as activities
        on
            observed_starts.person_id = activities.person_id
            and observed_starts.outcome_activity = activities.activity
            and observed_starts.started_at < activities.activity_at
            and observed_starts.window_ends_at >= activities.activity_at
    group by observed_starts.outcome_name, observed_starts.person_id
),

outcomes_observed as (
    select
        observed_starts.outcome_name,
        observed_starts.person_id,
        observed_starts.started_at,
        observed_starts.window_ends_at,
        first_outcome_activities.outcome_activity_at,
        (first_outcome_activities.outcome_activity_at is not null) != observed_starts.is_outcome_absence as is_outcome,
        case
            when observed_starts.behaviours_before = 'start' then observed_starts.started_at
            else coalesce(first_outcome_activities.outcome_activity_at, observed_starts.window_ends_at)
        end as behaviours_end_at,
        observed_starts.behaviours_before,
        observed_starts.behaviour_kinds
    from fully_observed_starts as observed_starts
    left join first_outcome_activities
        on
            observed_starts.outcome_name = first_outcome_activities.outcome_name
            and observed_starts.person_id = first_outcome_activities.person_id
)

select * from outcomes_observed
