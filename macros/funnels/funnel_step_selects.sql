{#-
    The selects that the funnel models (models/intermediate/funnels) and the analyst macro
    journey.funnel() both run, each the body of one CTE, over relations named by the caller:
    one definition of each step, so the macro cannot drift from the marts.
-#}

{#- An activity's position on its person's and its session's timeline, on the ids alone. -#}
{% macro funnel_activities_positioned(activities) -%}
    select
        activity_id,
        {{ journey.funnel_timeline_position('person_id') }} as person_activity_number,
        {{ journey.funnel_timeline_position('session_id') }} as session_activity_number
    from {{ activities }}
    where person_id is not null
{%- endmacro %}

{#- Every activity matching a step or exclusion step, with its actor (distinct: two exclusions may match one activity). -#}
{% macro funnel_activities_matched_to_steps(activities, positions, steps, property_columns) -%}
    select distinct
        step.funnel_name,
        step.step_number,
        step.is_exclusion,
        step.is_same_event_as_previous_step,
        step.order_mode,
        step.scope,
        step.window_minutes,
        step.step_window_minutes,
        {{ journey.funnel_by_scope('step.scope', 'activity.person_id', 'activity.session_id') }} as actor_id,
        {{ journey.funnel_by_scope(
            'step.scope', 'activity_position.person_activity_number', 'activity_position.session_activity_number'
        ) }} as actor_activity_number,
        activity.activity_id,
        activity.activity_at,
        activity.person_id,
        activity.session_id
    from {{ activities }} as activity
    inner join {{ steps }} as step
        on {{ journey.funnel_activity_matches_step('activity', 'step', property_columns) }}
    inner join {{ positions }} as activity_position
        on activity.activity_id = activity_position.activity_id
    where {{ journey.funnel_activity_has_actor('activity', 'step') }}
{%- endmacro %}

{#- The matches that can enter a funnel, ranked per actor (the entry is rank 1). -#}
{% macro funnel_entry_matches_ranked(matches) -%}
    select
        *,
        row_number() over (partition by funnel_name, actor_id order by actor_activity_number) as entry_rank
    from {{ matches }}
    where {{ journey.funnel_match_can_enter(matches) }}
{%- endmacro %}

{#- One row per funnel x actor that entered: the first match that can enter, and the window from it. -#}
{% macro funnel_entries_chosen(ranked_matches) -%}
    select
        {{ dbt.concat(['funnel_name', "'|'", 'actor_id']) }} as entry_id,
        funnel_name,
        actor_id,
        order_mode,
        scope as funnel_scope,
        window_minutes,
        person_id,
        session_id,
        actor_activity_number as entry_actor_activity_number,
        activity_id as entry_activity_id,
        activity_at as entered_at,
        {{ journey.add_minutes('activity_at', 'window_minutes') }} as window_ends_at
    from {{ ranked_matches }}
    where entry_rank = 1
{%- endmacro %}
