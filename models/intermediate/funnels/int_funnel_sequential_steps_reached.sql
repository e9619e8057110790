{#-
    The ordered/strict step chain: every step an entry of an ordered or strict funnel reached,
    and the step at which an exclusion dropped it. This SQL is one pass, which the iterative
    materialization repeats until a pass adds no row (each pass is logged; more passes than
    journey_funnel_max_steps is an error). A pass keeps every row so far and advances each row
    the previous pass added (the frontier) by one step: step i is the earliest step-i match
    that can follow step i-1 (journey.funnel_step_can_follow), unless an exclusion match lies
    between them (journey.funnel_next_steps_checked). Pass 1 reads int_funnel_first_steps_reached.
-#}
{{ config(
    materialized='iterative',
    max_passes=var('journey_funnel_max_steps'),
    max_passes_var='journey_funnel_max_steps',
    converged_when='count(case when is_added then 1 end) = 0',
    progress='count(case when is_added then 1 end)',
    progress_label='steps added',
) }}

with

steps_reached_so_far as (
    select * from {{ journey.previous_pass(ref('int_funnel_first_steps_reached')) }}
),

int_funnel_step_matches as (
    select * from {{ ref('int_funnel_step_matches') }}
),

frontier_steps as (
    select * from steps_reached_so_far
    where is_added
),

next_step_candidates as (
    {{ journey.funnel_next_step_candidates(
        'frontier_steps', 'int_funnel_step_matches', used_steps='steps_reached_so_far'
    ) | indent(4) }}
),

next_steps_checked as (
    {{ journey.funnel_next_steps_checked('next_step_candidates', 'int_funnel_step_matches') | indent(4) }}
),

steps_accumulated as (
    select
        funnel_name,
        actor_id,
        order_mode,
        window_ends_at,
        step_number,
        actor_activity_number,
        activity_id,
        reached_at,
        is_excluded,
        false as is_added
    from steps_reached_so_far
    union all
    select
        funnel_name,
        actor_id,
        order_mode,
        window_ends_at,
        step_number,
        actor_activity_number,
        activity_id,
        reached_at,
        is_excluded,
        true as is_added
    from next_steps_checked
)

select * from steps_accumulated
