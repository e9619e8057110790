{#-
    Unordered funnels: step i is reached once steps 1..i have all happened within the entry's
    window, in any order, at the time the last of them happened. One row per entry x step
    reached, with the step's own first activity in the window.
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
    select
        int_funnel_step_matches.funnel_name,
        int_funnel_step_matches.actor_id,
        int_funnel_step_matches.step_number,
        int_funnel_step_matches.activity_id,
        int_funnel_step_matches.activity_at,
        row_number() over (
            partition by
                int_funnel_step_matches.funnel_name,
                int_funnel_step_matches.actor_id,
                int_funnel_step_matches.step_number
            order by int_funnel_step_matches.actor_activity_number
        ) as match_rank
    from int_funnel_step_matches
    inner join unordered_entries
        on
            int_funnel_step_matches.funnel_name = unordered_entries.funnel_name
            and int_funnel_step_matches.actor_id = unordered_entries.actor_id
    where
        not int_funnel_step_matches.is_exclusion
        and {{ journey.funnel_match_is_in_window('int_funnel_step_matches', 'unordered_entries') | indent(8) }}
),

entry_steps_with_first_match as (
    select
        unordered_entries.funnel_name,
        unordered_entries.actor_id,
        int_funnel_steps_prepared.step_number,
        matches_in_window_ranked.activity_id,
        matches_in_window_ranked.activity_at
    from unordered_entries
    inner join int_funnel_steps_prepared
        on
            unordered_entries.funnel_name = int_funnel_steps_prepared.funnel_name
            and not int_funnel_steps_prepared.is_exclusion
    left join matches_in_window_ranked
        on
            unordered_entries.funnel_name = matches_in_window_ranked.funnel_name
            and unordered_entries.actor_id = matches_in_window_ranked.actor_id
            and int_funnel_steps_prepared.step_number = matches_in_window_ranked.step_number
            and matches_in_window_ranked.match_rank = 1
),

entry_steps_progressed as (
    select
        funnel_name,
        actor_id,
        step_number,
        activity_id,
        sum(case when activity_at is null then 1 else 0 end) over (
            {{ journey.funnel_steps_up_to_this_one() }}
        ) as steps_missing,
        max(activity_at) over ({{ journey.funnel_steps_up_to_this_one() }}) as steps_completed_at
    from entry_steps_with_first_match
),

steps_reached as (
    select
        funnel_name,
        actor_id,
        step_number,
        activity_id,
        steps_completed_at as reached_at
    from entry_steps_progressed
    where steps_missing = 0
)

select * from steps_reached
