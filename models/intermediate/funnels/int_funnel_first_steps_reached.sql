{#-
    The start of the ordered/strict step chain: step 1 of every entry of an ordered or strict
    funnel, reached at the entry activity. int_funnel_sequential_steps_reached advances from
    these rows (is_added: they are the first frontier).
-#}
with

int_funnel_entries as (
    select * from {{ ref('int_funnel_entries') }}
),

sequential_entries as (
    select * from int_funnel_entries
    where order_mode in ('ordered', 'strict')
),

first_steps_reached as (
    {{ journey.funnel_first_steps_reached('sequential_entries') | indent(4) }}
),

first_steps_added as (
    select
        *,
        true as is_added
    from first_steps_reached
)

select * from first_steps_added
