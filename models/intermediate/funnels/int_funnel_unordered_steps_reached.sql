{#-
    Unordered funnels: step i is reached once steps 1..i have all happened within the entry's
    window, in any order, at the time the last of them happened, unless an exclusion match of
    step i lies after the entry and before the last of them. One row per entry x step reached
    (with the step's own first activity in the window) or excluded.
-#}
with

int_funnel_entries as (
    select * from {{ ref('int_funnel_entries') }}
),

int_funnel_step_matches as (
    select * from {{ ref('int_funnel_step_matches') }}
),

int_funnel_steps_prepared as (
    select * from {{ ref('int_funnel_steps_prepared') }}
),

unordered_entries as (
    select * from int_funnel_entries
    where order_mode = 'unordered'
),

matches_in_window_ranked as (
    {{ journey.funnel_matches_in_window_ranked('int_funnel_step_matches', 'unordered_entries') }}
),

entry_steps_with_first_match as (
    {{ journey.funnel_entry_steps_with_first_match(
        'unordered_entries', 'int_funnel_steps_prepared', 'matches_in_window_ranked'
    ) }}
),

entry_steps_progressed as (
    {{ journey.funnel_entry_steps_progressed('entry_steps_with_first_match') }}
),

entry_steps_exclusions_checked as (
    {{ journey.funnel_unordered_exclusions_checked(
        'entry_steps_progressed', 'int_funnel_step_matches', 'unordered_entries'
    ) }}
),

entry_steps_exclusions_counted as (
    {{ journey.funnel_unordered_exclusions_counted('entry_steps_exclusions_checked') }}
),

steps_reached as (
    {{ journey.funnel_unordered_steps_reached('entry_steps_exclusions_counted') }}
)

select * from steps_reached
