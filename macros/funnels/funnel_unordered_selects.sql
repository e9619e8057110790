{#-
    Unordered funnels, as int_funnel_unordered_steps_reached and journey.funnel() both run
    them: step i is reached once steps 1..i have all happened within the entry's window, in
    any order, at the time the last of them happened. Each macro is the body of one CTE.
-#}

{#- Each step's matches within an entry's window, ranked (the step's first match is rank 1). -#}
{% macro funnel_matches_in_window_ranked(matches, entries) -%}
    select
        {{ matches }}.funnel_name,
        {{ matches }}.actor_id,
        {{ matches }}.step_number,
        {{ matches }}.activity_id,
        {{ matches }}.activity_at,
        row_number() over (
            partition by {{ matches }}.funnel_name, {{ matches }}.actor_id, {{ matches }}.step_number
            order by {{ matches }}.actor_activity_number
        ) as match_rank
    from {{ matches }}
    inner join {{ entries }}
        on
            {{ matches }}.funnel_name = {{ entries }}.funnel_name
            and {{ matches }}.actor_id = {{ entries }}.actor_id
    where
        not {{ matches }}.is_exclusion
        and {{ journey.funnel_match_is_in_window(matches, entries) }}
{%- endmacro %}

{#- Every entry x step of its funnel, with the step's first match in the window (null when none). -#}
{% macro funnel_entry_steps_with_first_match(entries, steps, ranked_matches) -%}
    select
        {{ entries }}.funnel_name,
        {{ entries }}.actor_id,
        {{ steps }}.step_number,
        {{ ranked_matches }}.activity_id,
        {{ ranked_matches }}.activity_at
    from {{ entries }}
    inner join {{ steps }}
        on
            {{ entries }}.funnel_name = {{ steps }}.funnel_name
            and not {{ steps }}.is_exclusion
    left join {{ ranked_matches }}
        on
            {{ entries }}.funnel_name = {{ ranked_matches }}.funnel_name
            and {{ entries }}.actor_id = {{ ranked_matches }}.actor_id
            and {{ steps }}.step_number = {{ ranked_matches }}.step_number
            and {{ ranked_matches }}.match_rank = 1
{%- endmacro %}

{#- Per entry x step: how many of steps 1..i are still missing, and when the last of them happened. -#}
{% macro funnel_entry_steps_progressed(entry_steps) -%}
    select
        funnel_name,
        actor_id,
        step_number,
        activity_id,
        sum(case when activity_at is null then 1 else 0 end) over (
            {{ journey.funnel_steps_up_to_this_one() }}
        ) as steps_missing,
        max(activity_at) over ({{ journey.funnel_steps_up_to_this_one() }}) as steps_completed_at
    from {{ entry_steps }}
{%- endmacro %}

{#- The steps reached: those with none of steps 1..i missing. -#}
{% macro funnel_unordered_steps_reached(progressed_entry_steps) -%}
    select
        funnel_name,
        actor_id,
        step_number,
        activity_id,
        steps_completed_at as reached_at
    from {{ progressed_entry_steps }}
    where steps_missing = 0
{%- endmacro %}
