{#-
    Every funnel of seeds/funnels run over the person timeline: one row per
    funnel x entry x step, the base every funnel count is explained from.
    An entry is an actor (a person, or a session for session-scoped funnels)
    entering the funnel at its first step-1 event (unordered funnels: its first
    event of any step). The breakdown values are those of that entry event.
    The funnel logic is journey.funnel_ctes (macros/funnels), the same code the
    ad-hoc journey.funnel() macro runs.
-#}
with

int_activities_enriched as (
    select * from {{ ref('int_activities_enriched') }}
),

funnel_definitions as (
    select * from {{ ref('funnel_definitions') }}
),

funnel_steps as (
    select * from {{ ref('funnel_steps') }}
),

activities_prepared as (
    -- the engine's input names; every timeline column stays, for the step property filters
    select
        *,
        activity_id as event_id,
        activity as event_name,
        activity_at as event_at,
        activity_number as event_order,
        coalesce(
            plan, {{ journey.previous_non_null('plan', 'person_id', 'activity_number') }}
        ) as plan_at_activity
    from int_activities_enriched
),

{{ journey.funnel_ctes(
    'activities_prepared', 'funnel_definitions', 'funnel_steps', var('journey_funnel_max_steps'),
    journey.activity_property_names(),
    ['channel_group', 'campaign', 'device_type', 'browser', 'country', 'landing_page_path', 'plan_at_activity'],
    'funnel_entry_steps'
) }},

entry_steps_final as (
    select
        cast({{ dbt.concat(['funnel_name', "'|'", 'actor_id']) }} as {{ dbt.type_string() }}) as entry_id,
        cast(funnel_name as {{ dbt.type_string() }}) as funnel_name,
        cast(step_number as {{ dbt.type_bigint() }}) as step_number,
        cast(step_name as {{ dbt.type_string() }}) as step_name,
        cast(canonical_event as {{ dbt.type_string() }}) as canonical_event,
        cast(order_mode as {{ dbt.type_string() }}) as order_mode,
        cast(scope as {{ dbt.type_string() }}) as funnel_scope,
        cast(window_days as {{ dbt.type_bigint() }}) as window_days,
        cast(actor_id as {{ dbt.type_string() }}) as actor_id,
        cast(person_id as {{ dbt.type_string() }}) as person_id,
        cast(session_id as {{ dbt.type_string() }}) as session_id,
        cast(entry_event_id as {{ dbt.type_string() }}) as entry_activity_id,
        cast(entered_at as {{ dbt.type_timestamp() }}) as entered_at,
        cast(window_ends_at as {{ dbt.type_timestamp() }}) as window_ends_at,
        cast(step_event_id as {{ dbt.type_string() }}) as step_activity_id,
        cast(reached_at as {{ dbt.type_timestamp() }}) as reached_at,
        is_reached,
        is_previous_step_reached,
        is_excluded,
        cast(seconds_from_previous_step as {{ dbt.type_bigint() }}) as seconds_from_previous_step,
        cast(seconds_from_entry as {{ dbt.type_bigint() }}) as seconds_from_entry,
        cast(coalesce(channel_group, '(none)') as {{ dbt.type_string() }}) as entry_channel_group,
        cast(coalesce(campaign, '(none)') as {{ dbt.type_string() }}) as entry_campaign,
        cast(coalesce(device_type, '(none)') as {{ dbt.type_string() }}) as entry_device_type,
        cast(coalesce(browser, '(none)') as {{ dbt.type_string() }}) as entry_browser,
        cast(coalesce(country, '(none)') as {{ dbt.type_string() }}) as entry_country,
        cast(coalesce(landing_page_path, '(none)') as {{ dbt.type_string() }}) as entry_landing_page_path,
        cast(coalesce(plan_at_activity, '(none)') as {{ dbt.type_string() }}) as entry_plan
    from funnel_entry_steps
)

select * from entry_steps_final
