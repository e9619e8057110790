{#-
    The start of the ordered/strict step chain: step 1 of every entry of an ordered or strict
    funnel, reached at the entry activity. int_funnel_sequential_steps_reached advances from
    these rows (is_added: they are the first frontier).
-#}
with

int_funnel_entries as (
    select * from {{ ref('int_funnel_entries') }}
),

first_steps_reached as (
    select
        funnel_name,
        actor_id,
        order_mode,
        window_ends_at,
        1 as step_number,
        entry_actor_activity_number as actor_activity_number,
        entry_activity_id as activity_id,
        entered_at as reached_at,
        false as is_excluded,
        true as is_added
    from int_funnel_entries
    where order_mode in ('ordered', 'strict')
)

select * from first_steps_reached
