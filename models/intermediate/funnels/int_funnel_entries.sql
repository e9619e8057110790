{#-
    One row per funnel x actor that entered it: an actor enters once, at its first step-1
    match (unordered funnels: its first match of any step), and the funnel's window runs from
    there. The breakdown values are those of the entry activity, the plan the latest plan on
    the person's timeline up to it.
-#}
with

int_funnel_step_matches as (
    select * from {{ ref('int_funnel_step_matches') }}
),

int_activities_enriched as (
    select * from {{ ref('int_activities_enriched') }}
),

entry_matches_ranked as (
    {{ journey.funnel_entry_matches_ranked('int_funnel_step_matches') }}
),

entries_chosen as (
    {{ journey.funnel_entries_chosen('entry_matches_ranked') }}
),

activities_with_plan as (
    select
        activity_id,
        channel_group,
        campaign,
        device_type,
        browser,
        country,
        landing_page_path,
        coalesce(
            plan, {{ journey.previous_non_null('plan', 'person_id', 'activity_number') }}
        ) as plan_at_activity
    from int_activities_enriched
),

entries_with_breakdowns as (
    select
        entries_chosen.*,
        coalesce(entry_activity.channel_group, {{ journey.label('none') }}) as entry_channel_group,
        coalesce(entry_activity.campaign, {{ journey.label('none') }}) as entry_campaign,
        coalesce(entry_activity.device_type, {{ journey.label('none') }}) as entry_device_type,
        coalesce(entry_activity.browser, {{ journey.label('none') }}) as entry_browser,
        coalesce(entry_activity.country, {{ journey.label('none') }}) as entry_country,
        coalesce(entry_activity.landing_page_path, {{ journey.label('none') }}) as entry_landing_page_path,
        coalesce(entry_activity.plan_at_activity, {{ journey.label('none') }}) as entry_plan
    from entries_chosen
    left join activities_with_plan as entry_activity
        on entries_chosen.entry_activity_id = entry_activity.activity_id
)

select * from entries_with_breakdowns
