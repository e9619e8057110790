{#-
    Every drop-off at a step 2..K (an entry that reached the step before it, not this one), with
    the activity the actor did right after the last step it reached: the next activity on the
    actor's timeline (the person's, or the session's for session-scoped funnels), of any kind,
    '(end)' when there is none.
-#}
with

int_funnel_entry_steps as (
    select * from {{ ref('int_funnel_entry_steps') }}
),

int_activities_enriched as (
    select * from {{ ref('int_activities_enriched') }}
),

activities_positioned as (
    {{ journey.funnel_activities_positioned('int_activities_enriched') }}
),

actor_timelines as (
    -- every activity once per scope it counts in, keyed by actor and position (equi-joins below)
    select
        'person' as funnel_scope,
        int_activities_enriched.person_id as actor_id,
        activities_positioned.person_activity_number as actor_activity_number,
        int_activities_enriched.activity_id,
        int_activities_enriched.activity,
        int_activities_enriched.activity_at
    from int_activities_enriched
    inner join activities_positioned
        on int_activities_enriched.activity_id = activities_positioned.activity_id
    union all
    select
        'session' as funnel_scope,
        int_activities_enriched.session_id as actor_id,
        activities_positioned.session_activity_number as actor_activity_number,
        int_activities_enriched.activity_id,
        int_activities_enriched.activity,
        int_activities_enriched.activity_at
    from int_activities_enriched
    inner join activities_positioned
        on int_activities_enriched.activity_id = activities_positioned.activity_id
    where int_activities_enriched.session_id is not null
),

drop_offs as (
    select
        entry_id,
        funnel_name,
        step_number,
        step_name,
        funnel_scope,
        actor_id,
        is_excluded
    from int_funnel_entry_steps
    where
        step_number > 1
        and is_previous_step_reached
        and not is_reached
),

drop_offs_with_last_step as (
    select
        drop_offs.entry_id,
        drop_offs.funnel_name,
        drop_offs.step_number,
        drop_offs.step_name,
        drop_offs.funnel_scope,
        drop_offs.actor_id,
        drop_offs.is_excluded,
        max(step_activity.actor_activity_number) as last_step_actor_activity_number,
        max(step_activity.activity_at) as last_step_reached_at
    from drop_offs
    inner join int_funnel_entry_steps as reached_step
        on
            drop_offs.entry_id = reached_step.entry_id
            and drop_offs.step_number > reached_step.step_number
            and reached_step.is_reached
    inner join actor_timelines as step_activity
        on
            drop_offs.funnel_scope = step_activity.funnel_scope
            and drop_offs.actor_id = step_activity.actor_id
            and reached_step.step_activity_id = step_activity.activity_id
    group by
        drop_offs.entry_id,
        drop_offs.funnel_name,
        drop_offs.step_number,
        drop_offs.step_name,
        drop_offs.funnel_scope,
        drop_offs.actor_id,
        drop_offs.is_excluded
),

drop_offs_followed as (
    select
        drop_off.*,
        next_activity.activity_id as next_activity_id,
        coalesce(next_activity.activity, {{ journey.label('path_end') }}) as next_activity,
        next_activity.activity_at as next_activity_at,
        {{ dbt.datediff('drop_off.last_step_reached_at', 'next_activity.activity_at', 'second') | trim }} -- noqa: LT01
            as seconds_to_next_activity
    from drop_offs_with_last_step as drop_off
    left join actor_timelines as next_activity
        on
            drop_off.funnel_scope = next_activity.funnel_scope
            and drop_off.actor_id = next_activity.actor_id
            and drop_off.last_step_actor_activity_number + 1 = next_activity.actor_activity_number
)

select * from drop_offs_followed
