{#-
    Per funnel, entry week (Monday) and step: the funnel of the entries that
    entered that week (journey.funnel_step_measures_ctes), so conversion can be
    followed over time. Recent weeks are immature: their window may not be over.
-#}
with

fct_funnel_entry_steps as (
    select * from {{ ref('fct_funnel_entry_steps') }}
),

fct_funnel_entries as (
    select * from {{ ref('fct_funnel_entries') }}
),

entry_steps_by_week as (
    select
        fct_funnel_entry_steps.*,
        fct_funnel_entries.entry_week_start
    from fct_funnel_entry_steps
    inner join fct_funnel_entries
        on fct_funnel_entry_steps.entry_id = fct_funnel_entries.entry_id
),

-- the measures, cast to the contract's types
{{ journey.funnel_step_measures_ctes('entry_steps_by_week', ['entry_week_start'], 'step_measures') }}

select * from step_measures
