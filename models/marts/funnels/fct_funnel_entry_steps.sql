{#-
    Every funnel of seeds/funnels run over the person timeline: one row per funnel x entry x
    step, the base every funnel count is explained from. The engine is the models of
    models/intermediate/funnels (int_funnel_entry_steps is the grid); this mart fixes the
    contract's types.
-#}
with

int_funnel_entry_steps as (
    select * from {{ ref('int_funnel_entry_steps') }}
),

entry_steps_final as (
    select
        cast(entry_id as {{ dbt.type_string() }}) as entry_id,
        cast(funnel_name as {{ dbt.type_string() }}) as funnel_name,
        cast(step_number as {{ dbt.type_bigint() }}) as step_number,
        cast(step_name as {{ dbt.type_string() }}) as step_name,
        cast(canonical_event as {{ dbt.type_string() }}) as canonical_event,
        cast(order_mode as {{ dbt.type_string() }}) as order_mode,
        cast(funnel_scope as {{ dbt.type_string() }}) as funnel_scope,
        cast(window_minutes as {{ dbt.type_bigint() }}) as window_minutes,
        cast(actor_id as {{ dbt.type_string() }}) as actor_id,
        cast(person_id as {{ dbt.type_string() }}) as person_id,
        cast(session_id as {{ dbt.type_string() }}) as session_id,
        cast(entry_activity_id as {{ dbt.type_string() }}) as entry_activity_id,
        cast(entered_at as {{ dbt.type_timestamp() }}) as entered_at,
        cast(window_ends_at as {{ dbt.type_timestamp() }}) as window_ends_at,
        cast(step_activity_id as {{ dbt.type_string() }}) as step_activity_id,
        cast(reached_at as {{ dbt.type_timestamp() }}) as reached_at,
        is_reached,
        is_previous_step_reached,
        is_excluded,
        cast(seconds_from_previous_step as {{ dbt.type_bigint() }}) as seconds_from_previous_step,
        cast(seconds_from_entry as {{ dbt.type_bigint() }}) as seconds_from_entry,
        cast(entry_channel_group as {{ dbt.type_string() }}) as entry_channel_group,
        cast(entry_campaign as {{ dbt.type_string() }}) as entry_campaign,
        cast(entry_device_type as {{ dbt.type_string() }}) as entry_device_type,
        cast(entry_browser as {{ dbt.type_string() }}) as entry_browser,
        cast(entry_country as {{ dbt.type_string() }}) as entry_country,
        cast(entry_landing_page_path as {{ dbt.type_string() }}) as entry_landing_page_path,
        cast(entry_plan as {{ dbt.type_string() }}) as entry_plan
    from int_funnel_entry_steps
)

select * from entry_steps_final
