{#-
    The advance of the ordered/strict step chain, from step i-1 to step i, in two selects:
    the earliest candidate, then the exclusion check. int_funnel_sequential_steps_reached runs
    it once per pass of the iterative materialization; journey.funnel() unrolls it once per step
    (funnel_next_steps_ctes). Step rows (previous_steps and the result): funnel_name, actor_id,
    order_mode, window_ends_at, step_number, actor_activity_number, activity_id, reached_at,
    is_excluded. step_matches has the columns of int_funnel_step_matches.
-#}

{#- The chain's first frontier: step 1 of every entry, reached at the entry activity. -#}
{% macro funnel_first_steps_reached(entries) -%}
select
    funnel_name,
    actor_id,
    order_mode,
    window_ends_at,
    1 as step_number,
    entry_actor_activity_number as actor_activity_number,
    entry_activity_id as activity_id,
    entered_at as reached_at,
    false as is_excluded
from {{ entries }}
{%- endmacro %}

{#-
    For each step row not excluded: the step-i matches that journey.funnel_step_can_follow allows and
    that no earlier step of the entry used (used_steps: a relation with the entry's steps so far,
    funnel_name, actor_id and activity_id; an activity serves one step at most, so A -> B -> A with A and B in one second cannot reuse
    step 1's A for step 3), ranked by timeline position (candidate_rank 1 is step i; an exclusion
    match of a strict funnel on the same activity as a step match comes first).
-#}
{% macro funnel_next_step_candidates(previous_steps, step_matches, used_steps) -%}
select
    previous_step.funnel_name,
    previous_step.actor_id,
    previous_step.order_mode,
    previous_step.window_ends_at,
    previous_step.actor_activity_number as previous_actor_activity_number,
    candidate.step_number,
    candidate.is_exclusion,
    candidate.actor_activity_number,
    candidate.activity_id,
    candidate.activity_at,
    row_number() over (
        partition by previous_step.funnel_name, previous_step.actor_id
        order by candidate.actor_activity_number asc, candidate.is_exclusion desc
    ) as candidate_rank
from {{ previous_steps }} as previous_step
inner join {{ step_matches }} as candidate
    on
        previous_step.funnel_name = candidate.funnel_name
        and previous_step.actor_id = candidate.actor_id
        and previous_step.step_number + 1 = candidate.step_number
left join {{ used_steps }} as used_step
    on
        candidate.funnel_name = used_step.funnel_name
        and candidate.actor_id = used_step.actor_id
        and candidate.activity_id = used_step.activity_id
where
    not previous_step.is_excluded
    and used_step.activity_id is null
    and {{ journey.funnel_step_can_follow('candidate', 'previous_step') | indent(4) }}
{%- endmacro %}

{#-
    Step i from the first candidate: reached, or excluded (no activity) when the candidate is an
    exclusion match (strict funnels) or an exclusion match of step i lies between step i-1 and it
    (ordered funnels). An entry without a candidate gets no row.
-#}
{% macro funnel_next_steps_checked(candidates, step_matches) -%}
{%- set is_excluded = '(candidate.is_exclusion or count(exclusion.activity_id) > 0)' -%}
select
    candidate.funnel_name,
    candidate.actor_id,
    candidate.order_mode,
    candidate.window_ends_at,
    candidate.step_number,
    case when not {{ is_excluded }} then candidate.actor_activity_number end as actor_activity_number,
    case when not {{ is_excluded }} then candidate.activity_id end as activity_id,
    case when not {{ is_excluded }} then candidate.activity_at end as reached_at,
    {{ is_excluded }} as is_excluded
from {{ candidates }} as candidate
left join {{ step_matches }} as exclusion
    on
        candidate.funnel_name = exclusion.funnel_name
        and candidate.actor_id = exclusion.actor_id
        and candidate.step_number = exclusion.step_number
        and exclusion.is_exclusion
        and {{ journey.funnel_exclusion_is_between('exclusion', 'candidate') | indent(8) }}
where candidate.candidate_rank = 1
group by
    candidate.funnel_name,
    candidate.actor_id,
    candidate.order_mode,
    candidate.window_ends_at,
    candidate.step_number,
    candidate.is_exclusion,
    candidate.actor_activity_number,
    candidate.activity_id,
    candidate.activity_at
{%- endmacro %}

{#- Both, as the CTEs <name>_candidates and <name> (the ad-hoc funnel's unrolled chain). -#}
{% macro funnel_next_steps_ctes(previous_steps, step_matches, name, used_steps) -%}
{{ name }}_candidates as (
    {{ journey.funnel_next_step_candidates(previous_steps, step_matches, used_steps) | indent(4) }}
),

{{ name }} as (
    {{ journey.funnel_next_steps_checked(name ~ '_candidates', step_matches) | indent(4) }}
)
{%- endmacro %}
