{#-
    One row per funnel x entry: how far the entry got, whether and when it
    converted (reached the funnel's last step), and the breakdown values taken
    at step 1, with the lead-score band from dim_persons and the bands seed.
-#}
with

fct_funnel_entry_steps as (
    select * from {{ ref('fct_funnel_entry_steps') }}
),

dim_persons as (
    select * from {{ ref('dim_persons') }}
),

funnel_lead_score_bands as (
    select * from {{ ref('funnel_lead_score_bands') }}
),

entry_progress as (
    select
        entry_id,
        count(*) as steps_count,
        max(case when is_reached then step_number else 0 end) as furthest_step_number,
        max(case when is_excluded then step_number end) as excluded_at_step_number,
        max(reached_at) as last_reached_at
    from fct_funnel_entry_steps
    group by entry_id
),

entry_first_steps as (
    select * from fct_funnel_entry_steps
    where step_number = 1
),

entry_last_steps as (
    select
        fct_funnel_entry_steps.entry_id,
        fct_funnel_entry_steps.reached_at as converted_at,
        fct_funnel_entry_steps.seconds_from_entry as seconds_to_convert
    from fct_funnel_entry_steps
    inner join entry_progress
        on
            fct_funnel_entry_steps.entry_id = entry_progress.entry_id
            and fct_funnel_entry_steps.step_number = entry_progress.steps_count
),

furthest_steps as (
    select
        fct_funnel_entry_steps.entry_id,
        fct_funnel_entry_steps.step_name as furthest_step_name
    from fct_funnel_entry_steps
    inner join entry_progress
        on
            fct_funnel_entry_steps.entry_id = entry_progress.entry_id
            and fct_funnel_entry_steps.step_number = entry_progress.furthest_step_number
),

persons_banded as (
    select
        dim_persons.person_id,
        dim_persons.lead_score,
        coalesce(funnel_lead_score_bands.band_name, {{ journey.label('no_score') }}) as lead_score_band
    from dim_persons
    left join funnel_lead_score_bands
        on
            dim_persons.lead_score >= funnel_lead_score_bands.min_score
            and (
                funnel_lead_score_bands.max_score is null
                or dim_persons.lead_score < funnel_lead_score_bands.max_score
            )
),

entries_joined as (
    select
        entry_first_steps.entry_id,
        entry_first_steps.funnel_name,
        entry_first_steps.order_mode,
        entry_first_steps.funnel_scope,
        entry_first_steps.window_minutes,
        entry_first_steps.actor_id,
        entry_first_steps.person_id,
        entry_first_steps.session_id,
        entry_first_steps.entry_activity_id,
        entry_first_steps.entered_at,
        {{ dbt.date_trunc('week', 'entry_first_steps.entered_at') }} as entry_week_start,
        entry_first_steps.window_ends_at,
        entry_progress.steps_count,
        entry_progress.furthest_step_number,
        furthest_steps.furthest_step_name,
        entry_progress.furthest_step_number = entry_progress.steps_count as is_converted,
        entry_last_steps.converted_at,
        entry_last_steps.seconds_to_convert,
        entry_progress.excluded_at_step_number,
        entry_first_steps.entry_channel_group,
        entry_first_steps.entry_campaign,
        entry_first_steps.entry_device_type,
        entry_first_steps.entry_browser,
        entry_first_steps.entry_country,
        entry_first_steps.entry_landing_page_path,
        entry_first_steps.entry_plan,
        persons_banded.lead_score,
        coalesce(persons_banded.lead_score_band, {{ journey.label('no_score') }}) as lead_score_band
    from entry_first_steps
    inner join entry_progress
        on entry_first_steps.entry_id = entry_progress.entry_id
    left join entry_last_steps
        on entry_first_steps.entry_id = entry_last_steps.entry_id
    left join furthest_steps
        on entry_first_steps.entry_id = furthest_steps.entry_id
    left join persons_banded
        on entry_first_steps.person_id = persons_banded.person_id
),

entries_final as (
    select
        cast(entry_id as {{ dbt.type_string() }}) as entry_id,
        cast(funnel_name as {{ dbt.type_string() }}) as funnel_name,
        cast(order_mode as {{ dbt.type_string() }}) as order_mode,
        cast(funnel_scope as {{ dbt.type_string() }}) as funnel_scope,
        cast(window_minutes as {{ dbt.type_bigint() }}) as window_minutes,
        cast(actor_id as {{ dbt.type_string() }}) as actor_id,
        cast(person_id as {{ dbt.type_string() }}) as person_id,
        cast(session_id as {{ dbt.type_string() }}) as session_id,
        cast(entry_activity_id as {{ dbt.type_string() }}) as entry_activity_id,
        cast(entered_at as {{ dbt.type_timestamp() }}) as entered_at,
        cast(entry_week_start as date) as entry_week_start,
        cast(window_ends_at as {{ dbt.type_timestamp() }}) as window_ends_at,
        cast(steps_count as {{ dbt.type_bigint() }}) as steps_count,
        cast(furthest_step_number as {{ dbt.type_bigint() }}) as furthest_step_number,
        cast(furthest_step_name as {{ dbt.type_string() }}) as furthest_step_name,
        is_converted,
        cast(converted_at as {{ dbt.type_timestamp() }}) as converted_at,
        cast(seconds_to_convert as {{ dbt.type_bigint() }}) as seconds_to_convert,
        cast(excluded_at_step_number as {{ dbt.type_bigint() }}) as excluded_at_step_number,
        cast(entry_channel_group as {{ dbt.type_string() }}) as entry_channel_group,
        cast(entry_campaign as {{ dbt.type_string() }}) as entry_campaign,
        cast(entry_device_type as {{ dbt.type_string() }}) as entry_device_type,
        cast(entry_browser as {{ dbt.type_string() }}) as entry_browser,
        cast(entry_country as {{ dbt.type_string() }}) as entry_country,
        cast(entry_landing_page_path as {{ dbt.type_string() }}) as entry_landing_page_path,
        cast(entry_plan as {{ dbt.type_string() }}) as entry_plan,
        cast(lead_score as {{ dbt.type_bigint() }}) as lead_score,
        cast(lead_score_band as {{ dbt.type_string() }}) as lead_score_band
    from entries_joined
)

select * from entries_final
