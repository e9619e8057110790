{#-
    Unordered funnels, as int_funnel_unordered_steps_reached and journey.funnel() both run
    them: step i is reached once steps 1..i have all happened within the entry's window, in
    any order, at the time the last of them happened, unless an exclusion match of step i lies
    after the entry and before the last of them (excluded at step i; no later step is reached).
    Each macro is the body of one CTE.
-#}

{#- Each step's matches within an entry's window, ranked (the step's first match is rank 1). -#}
{% macro funnel_matches_in_window_ranked(matches, entries) -%}
    select
        {{ matches }}.funnel_name,
        {{ matches }}.actor_id,
        {{ matches }}.step_number,
        {{ matches }}.actor_activity_number,
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
        {{ ranked_matches }}.actor_activity_number,
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

{#- Per entry x step: how many of steps 1..i are still missing, and when (and where on the timeline) the last of them happened. -#}
{% macro funnel_entry_steps_progressed(entry_steps) -%}
    select
        funnel_name,
        actor_id,
        step_number,
        activity_id,
        sum(case when activity_at is null then 1 else 0 end) over (
            {{ journey.funnel_steps_up_to_this_one() }}
        ) as steps_missing,
        max(activity_at) over ({{ journey.funnel_steps_up_to_this_one() }}) as steps_completed_at,
        max(actor_activity_number) over ({{ journey.funnel_steps_up_to_this_one() }}) as steps_completed_activity_number
    from {{ entry_steps }}
{%- endmacro %}

{#- Per entry x step: whether an exclusion match of the step lies after the entry activity and before steps 1..i were all done. -#}
{% macro funnel_unordered_exclusions_checked(progressed_entry_steps, matches, entries) -%}
    select
        progressed.funnel_name,
        progressed.actor_id,
        progressed.step_number,
        progressed.activity_id,
        progressed.steps_missing,
        progressed.steps_completed_at,
        count(exclusion.activity_id) > 0 as has_exclusion
    from {{ progressed_entry_steps }} as progressed
    inner join {{ entries }} as entry
        on
            progressed.funnel_name = entry.funnel_name
            and progressed.actor_id = entry.actor_id
    left join {{ matches }} as exclusion
        on
            progressed.funnel_name = exclusion.funnel_name
            and progressed.actor_id = exclusion.actor_id
            and progressed.step_number = exclusion.step_number
            and exclusion.is_exclusion
            and progressed.steps_completed_activity_number > exclusion.actor_activity_number
            and entry.entry_actor_activity_number < exclusion.actor_activity_number
    group by
        progressed.funnel_name,
        progressed.actor_id,
        progressed.step_number,
        progressed.activity_id,
        progressed.steps_missing,
        progressed.steps_completed_at
{%- endmacro %}

{#- Per entry x step: the exclusions of steps 1..i. -#}
{% macro funnel_unordered_exclusions_counted(checked_entry_steps) -%}
    select
        *,
        sum(case when has_exclusion then 1 else 0 end) over (
            {{ journey.funnel_steps_up_to_this_one() }}
        ) as exclusions_so_far
    from {{ checked_entry_steps }}
{%- endmacro %}

{#- The steps reached (none of steps 1..i missing, no exclusion of them), and the step an exclusion dropped the entry at. -#}
{% macro funnel_unordered_steps_reached(counted_entry_steps) -%}
    select
        funnel_name,
        actor_id,
        step_number,
        case when not has_exclusion then activity_id end as activity_id,
        case when not has_exclusion then steps_completed_at end as reached_at,
        has_exclusion as is_excluded
    from {{ counted_entry_steps }}
    where
        steps_missing = 0
        and exclusions_so_far - case when has_exclusion then 1 else 0 end = 0
{%- endmacro %}
