{#-
    Per funnel, breakdown and step: entered, converted, drop-off, conversion
    rates and time to convert (journey.funnel_step_measures_ctes). The
    breakdown 'all' has the single value 'all'; every other breakdown value is
    the entry's value at step 1 (fct_funnel_entries).
-#}
with

fct_funnel_entry_steps as (
    select * from {{ ref('fct_funnel_entry_steps') }}
),

fct_funnel_entries as (
    select * from {{ ref('fct_funnel_entries') }}
),

breakdown_dimensions as (
    select 'all' as breakdown_dimension
    union all
    select 'channel_group'
    union all
    select 'campaign'
    union all
    select 'device_type'
    union all
    select 'browser'
    union all
    select 'country'
    union all
    select 'plan'
    union all
    select 'landing_page_path'
    union all
    select 'lead_score_band'
),

entry_steps_by_breakdown as (
    select
        fct_funnel_entry_steps.funnel_name,
        breakdown_dimensions.breakdown_dimension,
        case breakdown_dimensions.breakdown_dimension
            when 'all' then 'all'
            when 'channel_group' then fct_funnel_entries.entry_channel_group
            when 'campaign' then fct_funnel_entries.entry_campaign
            when 'device_type' then fct_funnel_entries.entry_device_type
            when 'browser' then fct_funnel_entries.entry_browser
            when 'country' then fct_funnel_entries.entry_country
            when 'plan' then fct_funnel_entries.entry_plan
            when 'landing_page_path' then fct_funnel_entries.entry_landing_page_path
            when 'lead_score_band' then fct_funnel_entries.lead_score_band
        end as breakdown_value,
        fct_funnel_entry_steps.step_number,
        fct_funnel_entry_steps.step_name,
        fct_funnel_entry_steps.canonical_event,
        fct_funnel_entry_steps.is_reached,
        fct_funnel_entry_steps.is_previous_step_reached,
        fct_funnel_entry_steps.is_excluded,
        fct_funnel_entry_steps.seconds_from_previous_step,
        fct_funnel_entry_steps.seconds_from_entry
    from fct_funnel_entry_steps
    inner join fct_funnel_entries
        on fct_funnel_entry_steps.entry_id = fct_funnel_entries.entry_id
    cross join breakdown_dimensions
),

-- the measures, cast to the contract's types
{{ journey.funnel_step_measures_ctes(
    'entry_steps_by_breakdown', ['breakdown_dimension', 'breakdown_value'], 'step_measures'
) }}

select * from step_measures
