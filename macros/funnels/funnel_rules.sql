{#-
    The rules of the funnel engine, each defined once as a SQL expression: the funnel
    models (models/intermediate/funnels) and the ad-hoc journey.funnel() macro both
    call them, so that a mart and the same funnel run by hand can never disagree.
    The arguments are table aliases; docs/funnels.md describes the semantics.
-#}

{#- The step before `step`: same funnel, step_number one lower, not an exclusion (a join condition). -#}
{% macro funnel_is_previous_step(previous_step, step) -%}
{{ step }}.funnel_name = {{ previous_step }}.funnel_name
and {{ step }}.step_number = {{ previous_step }}.step_number + 1
and not {{ previous_step }}.is_exclusion
{%- endmacro %}

{#- A step on the same canonical event as the step before it must happen strictly later (ordered funnels). -#}
{% macro funnel_is_same_event_as_previous_step(step, previous_step) -%}
coalesce(not {{ step }}.is_exclusion and {{ previous_step }}.canonical_event = {{ step }}.canonical_event, false)
{%- endmacro %}

{#- Timeline order within a partition (person or session): time, then the tie-break, then the id. -#}
{% macro funnel_timeline_position(partition_column) -%}
row_number() over (partition by {{ partition_column }} order by activity_at, activity_number, activity_id)
{%- endmacro %}

{#- The person's or the session's version of a column, by the funnel's scope. -#}
{% macro funnel_by_scope(scope, person_expression, session_expression) -%}
case when {{ scope }} = 'session' then {{ session_expression }} else {{ person_expression }} end
{%- endmacro %}

{#-
    An activity passes one property filter of a step (operator: equals, not_equals, contains,
    starts_with, is_set, is_not_set; compared as text; a missing value is not equal). property_columns:
    the filterable columns of the activity.
-#}
{% macro funnel_activity_passes_filter(activity, filter, property_columns) -%}
{%- set value -%}
{%- if property_columns -%}
case {{ filter }}.property_name
    {%- for column in property_columns %}
    when '{{ column }}' then cast({{ activity }}.{{ column }} as {{ dbt.type_string() }})
    {%- endfor %}
end
{%- else -%}
cast(null as {{ dbt.type_string() }})
{%- endif -%}
{%- endset -%}
coalesce(case {{ filter }}.filter_operator
    when 'equals' then {{ value }} = {{ filter }}.property_value
    when 'not_equals' then not coalesce({{ value }} = {{ filter }}.property_value, false)
    when 'contains' then {{ dbt.position(filter ~ '.property_value', value) }} > 0
    when 'starts_with' then {{ dbt.position(filter ~ '.property_value', value) }} = 1
    when 'is_set' then {{ value }} is not null
    when 'is_not_set' then {{ value }} is null
end, false)
{%- endmacro %}

{#- A step's filters, counted (filters_count, filters_passed), are met: all of them, or (filter_match any) one. -#}
{% macro funnel_filters_are_met(step) -%}
{{ step }}.filters_count = 0
or (coalesce({{ step }}.filter_match, 'all') = 'any' and {{ step }}.filters_passed > 0)
or (coalesce({{ step }}.filter_match, 'all') != 'any' and {{ step }}.filters_passed = {{ step }}.filters_count)
{%- endmacro %}

{#- Only activities of a session count in a session-scoped funnel. -#}
{% macro funnel_activity_has_actor(activity, step) -%}
({{ step }}.scope = 'person' or {{ activity }}.session_id is not null)
{%- endmacro %}

{#- A match that can start an entry: a step-1 match, or (unordered funnels) a match of any step. -#}
{% macro funnel_match_can_enter(match) -%}
not {{ match }}.is_exclusion and ({{ match }}.step_number = 1 or {{ match }}.order_mode = 'unordered')
{%- endmacro %}

{#- A window of size x unit (minute, hour or day) in minutes (null for an unknown unit, which the seed tests reject). -#}
{% macro funnel_window_minutes(size, unit) -%}
cast({{ size }} as {{ dbt.type_int() }}) * case lower({{ unit }})
    when 'minute' then 1
    when 'hour' then 60
    when 'day' then 1440
end
{%- endmacro %}

{#-
    A candidate match can be step i after step i-1 (`previous`: the step-i-1 row, with its entry's
    order_mode and window_ends_at). Inside the funnel's window and, when step i has one, inside its
    step window from step i-1 (a step exactly at either end counts), and
    ordered: at or after step i-1, strictly after when both steps are the same canonical event
    (two different events in the same second count in either order);
    strict: the actor's very next activity after step i-1 (an exclusion match there too: it excludes).
    That the candidate is no activity an earlier step used is funnel_next_step_candidates' anti-join.
-#}
{% macro funnel_step_can_follow(candidate, previous) -%}
{{ candidate }}.activity_at <= {{ previous }}.window_ends_at
and (
    {{ candidate }}.step_window_minutes is null
    or {{ candidate }}.activity_at <= {{ journey.add_minutes(previous ~ '.reached_at', candidate ~ '.step_window_minutes') }}
)
and (
    (
        {{ previous }}.order_mode = 'ordered'
        and not {{ candidate }}.is_exclusion
        and (
            {{ candidate }}.activity_at > {{ previous }}.reached_at
            or (
                {{ candidate }}.activity_at = {{ previous }}.reached_at
                and not {{ candidate }}.is_same_event_as_previous_step
            )
        )
    )
    or (
        {{ previous }}.order_mode = 'strict'
        and {{ candidate }}.actor_activity_number = {{ previous }}.actor_activity_number + 1
    )
)
{%- endmacro %}

{#- An exclusion match of step i lies strictly between step i-1 and the step-i candidate (timeline order). -#}
{% macro funnel_exclusion_is_between(exclusion, candidate) -%}
{{ candidate }}.previous_actor_activity_number < {{ exclusion }}.actor_activity_number
and {{ candidate }}.actor_activity_number > {{ exclusion }}.actor_activity_number
{%- endmacro %}

{#- Unordered funnels: a match counts from the entry activity on, up to the end of the window. -#}
{% macro funnel_match_is_in_window(match, entry) -%}
{{ match }}.actor_activity_number >= {{ entry }}.entry_actor_activity_number
and {{ match }}.activity_at <= {{ entry }}.window_ends_at
{%- endmacro %}

{#- The window over an entry's steps 1..i (unordered funnels: step i is reached once all of them are). -#}
{% macro funnel_steps_up_to_this_one() -%}
partition by funnel_name, actor_id order by step_number rows between unbounded preceding and current row
{%- endmacro %}

{#- The value of `column` at the entry's previous step (null for step 1). -#}
{% macro funnel_previous_step_value(column) -%}
lag({{ column }}) over (partition by funnel_name, actor_id order by step_number)
{%- endmacro %}
