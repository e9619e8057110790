{#-
    Explains one count of fct_funnel_steps from the timeline: the entries of a funnel that
    reached the previous step but not this one (the drop-off), each with the timeline
    activities of its actor inside the window. Change the funnel and step below.
-#}
{%- set funnel_name = 'visit_to_purchase' -%}
{%- set step_number = 3 -%}
with

fct_funnel_entry_steps as (
    select * from {{ ref('fct_funnel_entry_steps') }}
),

int_activities_enriched as (
    select * from {{ ref('int_activities_enriched') }}
),

dropped_entries as (
    select * from fct_funnel_entry_steps
    where
        funnel_name = '{{ funnel_name }}'
        and step_number = {{ step_number }}
        and is_previous_step_reached
        and not is_reached
),

dropped_entry_timelines as (
    select
        dropped_entries.entry_id,
        dropped_entries.entered_at,
        dropped_entries.window_ends_at,
        int_activities_enriched.activity_number,
        int_activities_enriched.activity,
        int_activities_enriched.activity_at,
        int_activities_enriched.page_path
    from dropped_entries
    inner join int_activities_enriched
        on
            dropped_entries.person_id = int_activities_enriched.person_id
            and int_activities_enriched.activity_at
            between dropped_entries.entered_at and dropped_entries.window_ends_at
)

select * from dropped_entry_timelines
