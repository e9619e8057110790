{#-
    The steps (and exclusion steps) of every funnel of seeds/funnels, with their funnel's
    window and the step's own window (both in minutes), order mode and scope, and whether a step is on the same canonical event as the
    step before it (ordered funnels then need it strictly later).
-#}
with

funnel_definitions as (
    select * from {{ ref('funnel_definitions') }}
),

funnel_steps as (
    select * from {{ ref('funnel_steps') }}
),

steps_joined_to_definitions as (
    select
        funnel_steps.funnel_name,
        cast(funnel_steps.step_number as {{ dbt.type_int() }}) as step_number,
        funnel_steps.step_name,
        funnel_steps.canonical_event,
        funnel_steps.property_name,
        funnel_steps.property_value,
        coalesce(funnel_steps.is_exclusion, false) as is_exclusion,
        coalesce(lower(funnel_steps.filter_match), 'all') as filter_match,
        {{ journey.funnel_window_minutes(
            'funnel_definitions.window_size', 'funnel_definitions.window_unit'
        ) | indent(8) }} as window_minutes,
        {{ journey.funnel_window_minutes(
            'funnel_steps.step_window_size', 'funnel_steps.step_window_unit'
        ) | indent(8) }} as step_window_minutes,
        lower(funnel_definitions.order_mode) as order_mode,
        lower(funnel_definitions.scope) as scope
    from funnel_steps
    inner join funnel_definitions
        on funnel_steps.funnel_name = funnel_definitions.funnel_name
),

steps_flagged as (
    select
        step.*,
        {{ journey.funnel_is_same_event_as_previous_step('step', 'previous_step') }}
            as is_same_event_as_previous_step
    from steps_joined_to_definitions as step
    left join steps_joined_to_definitions as previous_step
        on
            {{ journey.funnel_is_previous_step('previous_step', 'step') | indent(12) }}
)

select * from steps_flagged
