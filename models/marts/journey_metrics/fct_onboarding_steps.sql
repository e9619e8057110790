{#-
    Post-conversion metric family, onboarding: for each onboarding step, how many
    trialists completed it, and how often completers activated against trialists
    who did not complete it. A trialist is a person with a trial activity (var
    journey_trial_activities); activation is var journey_activation_activity.
    Completion and activation are counted over the whole timeline, so the
    comparison is an association, not proof that the step causes activation.
    Grain: onboarding_step.
-#}
with

int_activities_enriched as (
    select * from {{ ref('int_activities_enriched') }}
),

int_trials_activated as (
    select * from {{ ref('int_trials_activated') }}
),

step_completions as (
    select
        onboarding_step,
        person_id,
        min(activity_at) as completed_at
    from int_activities_enriched
    where activity = 'onboarding_step_completed' and onboarding_step is not null
    group by onboarding_step, person_id
),

onboarding_steps as (
    select distinct onboarding_step
    from step_completions
),

trialist_step_grid as (
    select
        onboarding_steps.onboarding_step,
        int_trials_activated.person_id,
        int_trials_activated.trial_started_at,
        step_completions.completed_at,
        case when step_completions.completed_at is not null then 1 else 0 end as completed_flag,
        case when int_trials_activated.activated_at is not null then 1 else 0 end as activated_flag
    from onboarding_steps
    cross join int_trials_activated
    left join step_completions
        on
            onboarding_steps.onboarding_step = step_completions.onboarding_step
            and int_trials_activated.person_id = step_completions.person_id
),

steps_compared as (
    select
        onboarding_step,
        count(*) as trialists,
        sum(completed_flag) as completers,
        sum(completed_flag * activated_flag) as activated_completers,
        sum(1 - completed_flag) as non_completers,
        sum((1 - completed_flag) * activated_flag) as activated_non_completers,
        {%- set hours_to_complete = dbt.datediff('trial_started_at', 'completed_at', 'second')
            ~ ' / cast(3600 as ' ~ journey.type_double() ~ ')' %}
        {{ journey.percentile_cont(hours_to_complete, 0.5) }} as median_hours_to_complete -- noqa: LT01, LT05
    from trialist_step_grid
    group by onboarding_step
),

steps_final as (
    select
        cast(onboarding_step as {{ dbt.type_string() }}) as onboarding_step,
        cast(trialists as {{ dbt.type_bigint() }}) as trialists,
        cast(completers as {{ dbt.type_bigint() }}) as completers,
        {{ journey.safe_ratio('completers', 'trialists') }} as completion_rate,
        cast(activated_completers as {{ dbt.type_bigint() }}) as activated_completers,
        {{ journey.safe_ratio('activated_completers', 'completers') }} as completer_activation_rate,
        cast(non_completers as {{ dbt.type_bigint() }}) as non_completers,
        cast(activated_non_completers as {{ dbt.type_bigint() }}) as activated_non_completers,
        {{ journey.safe_ratio('activated_non_completers', 'non_completers') }} as non_completer_activation_rate,
        {{ journey.safe_ratio(
            journey.safe_ratio('activated_completers', 'completers'),
            journey.safe_ratio('activated_non_completers', 'non_completers'),
        ) }} as activation_lift,
        {{ journey.two_proportion_z(
            'activated_completers', 'completers', 'activated_non_completers', 'non_completers',
        ) }} as z_score,
        cast(median_hours_to_complete as {{ journey.type_double() }}) as median_hours_to_complete
    from steps_compared
)

select * from steps_final
