{#-
    The funnel grid: one row per funnel x entry x step, reached or not (ordered/strict from the
    step chain, unordered from their own model), with the time from the previous step and from
    the entry, and the entry's breakdown values. Every funnel mart is explained from it.
-#}
with

int_funnel_entries as (
    select * from {{ ref('int_funnel_entries') }}
),

int_funnel_steps_prepared as (
    select * from {{ ref('int_funnel_steps_prepared') }}
),

int_funnel_sequential_steps_reached as (
    select * from {{ ref('int_funnel_sequential_steps_reached') }}
),

int_funnel_unordered_steps_reached as (
    select * from {{ ref('int_funnel_unordered_steps_reached') }}
),

steps_reached as (
    select
        funnel_name,
        actor_id,
        step_number,
        activity_id,
        reached_at,
        is_excluded
    from int_funnel_sequential_steps_reached
    union all
    select
        funnel_name,
        actor_id,
        step_number,
        activity_id,
        reached_at,
        is_excluded
    from int_funnel_unordered_steps_reached
),

entry_steps_joined as (
    select
        int_funnel_entries.entry_id,
        int_funnel_entries.funnel_name,
        int_funnel_steps_prepared.step_number,
        int_funnel_steps_prepared.step_name,
        int_funnel_steps_prepared.canonical_event,
        int_funnel_entries.order_mode,
        int_funnel_entries.funnel_scope,
        int_funnel_entries.window_minutes,
        int_funnel_entries.actor_id,
        int_funnel_entries.person_id,
        int_funnel_entries.session_id,
        int_funnel_entries.entry_activity_id,
        int_funnel_entries.entered_at,
        int_funnel_entries.window_ends_at,
        steps_reached.activity_id as step_activity_id,
        steps_reached.reached_at,
        steps_reached.reached_at is not null as is_reached,
        coalesce(steps_reached.is_excluded, false) as is_excluded,
        int_funnel_entries.entry_channel_group,
        int_funnel_entries.entry_campaign,
        int_funnel_entries.entry_device_type,
        int_funnel_entries.entry_browser,
        int_funnel_entries.entry_country,
        int_funnel_entries.entry_landing_page_path,
        int_funnel_entries.entry_plan
    from int_funnel_entries
    inner join int_funnel_steps_prepared
        on
            int_funnel_entries.funnel_name = int_funnel_steps_prepared.funnel_name
            and not int_funnel_steps_prepared.is_exclusion
    left join steps_reached
        on
            int_funnel_entries.funnel_name = steps_reached.funnel_name
            and int_funnel_entries.actor_id = steps_reached.actor_id
            and int_funnel_steps_prepared.step_number = steps_reached.step_number
),

entry_steps_with_previous_step as (
    select
        *,
        coalesce(
            {{ journey.funnel_previous_step_value('is_reached') }}, true
        ) as is_previous_step_reached,
        {{ journey.funnel_previous_step_value('reached_at') }} as previous_step_reached_at
    from entry_steps_joined
),

entry_steps_timed as (
    select
        *,
        {{ dbt.datediff('previous_step_reached_at', 'reached_at', 'second') | trim }} -- noqa: LT01
            as seconds_from_previous_step,
        {{ dbt.datediff('entered_at', 'reached_at', 'second') | trim }} -- noqa: LT01
            as seconds_from_entry
    from entry_steps_with_previous_step
)

select * from entry_steps_timed
