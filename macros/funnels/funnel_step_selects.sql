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

{#- The columns of a step match (int_funnel_step_matches). -#}
{% macro funnel_match_columns() -%}
    {{ return([
        'funnel_name', 'step_number', 'is_exclusion', 'is_same_event_as_previous_step', 'order_mode', 'scope',
        'window_minutes', 'step_window_minutes', 'actor_id', 'actor_activity_number', 'activity_id', 'activity_at',
        'person_id', 'session_id',
    ]) }}
{%- endmacro %}

{#-
    Every activity on a step's (or exclusion step's) canonical event, once per filter of the step
    (filters: int_funnel_step_filters_prepared), with whether it passes that filter; a step without
    filters gives one row, with has_filter false.
-#}
{% macro funnel_activities_matched_to_events(activities, positions, steps, filters, property_columns) -%}
    select
        step.funnel_name,
        step.step_number,
        step.step_name,
        step.is_exclusion,
        step.is_same_event_as_previous_step,
        step.order_mode,
        step.scope,
        step.window_minutes,
        step.step_window_minutes,
        step.filter_match,
        {{ journey.funnel_by_scope('step.scope', 'activity.person_id', 'activity.session_id') }} as actor_id,
        {{ journey.funnel_by_scope(
            'step.scope', 'activity_position.person_activity_number', 'activity_position.session_activity_number'
        ) }} as actor_activity_number,
        activity.activity_id,
        activity.activity_at,
        activity.person_id,
        activity.session_id,
        step_filter.property_name is not null as has_filter,
        {{ journey.funnel_activity_passes_filter('activity', 'step_filter', property_columns) | indent(8) }}
            as passes_filter
    from {{ activities }} as activity
    inner join {{ steps }} as step
        on activity.activity = step.canonical_event
    inner join {{ positions }} as activity_position
        on activity.activity_id = activity_position.activity_id
    left join {{ filters }} as step_filter
        on
            step.funnel_name = step_filter.funnel_name
            and step.step_number = step_filter.step_number
            and step.is_exclusion = step_filter.is_exclusion
            and step.step_name = step_filter.step_name
    where {{ journey.funnel_activity_has_actor('activity', 'step') }}
{%- endmacro %}

{#- Per activity x step: how many filters the step has, and how many the activity passes. -#}
{% macro funnel_activities_filters_counted(matched_to_events) -%}
    select
        {{ (journey.funnel_match_columns() + ['step_name', 'filter_match']) | join(',\n        ') }},
        sum(case when has_filter then 1 else 0 end) as filters_count,
        sum(case when has_filter and passes_filter then 1 else 0 end) as filters_passed
    from {{ matched_to_events }}
    group by
        {{ (journey.funnel_match_columns() + ['step_name', 'filter_match']) | join(',\n        ') }}
{%- endmacro %}

{#- Every activity matching a step or exclusion step: its filters met (distinct: two exclusions may match one activity). -#}
{% macro funnel_activities_matched_to_steps(filters_counted) -%}
    select distinct
        {{ journey.funnel_match_columns() | join(',\n        ') }}
    from {{ filters_counted }} as step
    where {{ journey.funnel_filters_are_met('step') }}
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
