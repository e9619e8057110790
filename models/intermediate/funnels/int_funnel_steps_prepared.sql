{#-
    The steps (and exclusion steps) of every funnel of seeds/funnels, with their funnel's
    window and the step's own window (both in minutes), order mode and scope, and whether a step is on the same canonical event as the
    step before it (ordered funnels then need it strictly later). A funnel with a
    step on an event the taxonomy does not know is left out.
-#}
with

funnel_definitions as (
    select * from {{ ref('funnel_definitions') }}
),

funnel_steps as (
    select * from {{ ref('funnel_steps') }}
),

event_taxonomy as (
    select * from {{ ref('event_taxonomy') }}
),

-- left out whole, so that the other funnels build (int_configured_events_checked says what to fix)
funnels_naming_unknown_events as (
    select distinct funnel_steps.funnel_name
    from funnel_steps
    left join event_taxonomy
        on funnel_steps.canonical_event = event_taxonomy.canonical_event
    where event_taxonomy.canonical_event is null
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
    where funnel_steps.funnel_name not in (
        select funnels_naming_unknown_events.funnel_name from funnels_naming_unknown_events
    )
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
