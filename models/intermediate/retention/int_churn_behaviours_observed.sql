{#-
    What each member of a churn-predictor population did before their behaviours stop
    counting (int_churn_outcomes_observed.behaviours_end_at): one row per outcome, person,
    behaviour kind and value, each behaviour once per person.
      * first_channel: the person's acquisition channel group (as dim_persons: the entry channel of
        their first session; '(none)' without a session), whatever the window;
      * activity: a canonical activity done in the window (every activity of the timeline);
      * onboarding_step: an onboarding step completed in the window;
      * support_contacts: the number of support activities in the window: none, one, two_or_more;
      * time_to_start: days from the person's first activity to the start: 0-1, 2-7, 8-30, 31+ days.
    The window is from the start to behaviours_end_at when behaviours_before is 'outcome', and
    everything before the start when it is 'start'. Only the kinds the outcome lists in
    churn_outcomes.behaviour_kinds are kept (all when it is empty).
-#}
with

int_churn_outcomes_observed as (
    select * from {{ ref('int_churn_outcomes_observed') }}
),

int_activities_enriched as (
    select * from {{ ref('int_activities_enriched') }}
),

int_sessions_aggregated as (
    select * from {{ ref('int_sessions_aggregated') }}
),

-- the acquisition channel as dim_persons has it: the entry channel of the person's first session
first_sessions_ranked as (
    select
        person_id,
        entry_channel_group,
        row_number() over (partition by person_id order by session_started_at, session_id) as session_rank
    from int_sessions_aggregated
    where person_id is not null
),

first_activities as (
    select
        person_id,
        min(activity_at) as first_activity_at
    from int_activities_enriched
    group by person_id
),

activities_in_windows as (
    select
        members.outcome_name,
        members.person_id,
        activities.activity,
        activities.activity_source,
        activities.onboarding_step
    from int_churn_outcomes_observed as members
    inner join int_activities_enriched as activities
        on
            members.person_id = activities.person_id
            and members.behaviours_end_at > activities.activity_at
            and (members.behaviours_before = 'start' or members.started_at <= activities.activity_at)
),

support_contacts_counted as (
    select
        members.outcome_name,
        members.person_id,
        sum(case when activities.activity_source = 'support' then 1 else 0 end) as support_contacts
    from int_churn_outcomes_observed as members
    left join activities_in_windows as activities
        on
            members.outcome_name = activities.outcome_name
            and members.person_id = activities.person_id
    group by members.outcome_name, members.person_id
),

behaviours_listed as (
    select
        members.outcome_name,
        members.person_id,
        'first_channel' as behaviour_kind,
        coalesce(first_sessions_ranked.entry_channel_group, '(none)') as behaviour_value
    from int_churn_outcomes_observed as members
    left join first_sessions_ranked
        on
            members.person_id = first_sessions_ranked.person_id
            and first_sessions_ranked.session_rank = 1
    union all
    select
        outcome_name,
        person_id,
        'activity' as behaviour_kind,
        activity as behaviour_value
    from activities_in_windows
    union all
    select
        outcome_name,
        person_id,
        'onboarding_step' as behaviour_kind,
        onboarding_step as behaviour_value
    from activities_in_windows
    where onboarding_step is not null
    union all
    select
        outcome_name,
        person_id,
        'support_contacts' as behaviour_kind,
        case
            when support_contacts = 0 then 'none'
            when support_contacts = 1 then 'one'
            else 'two_or_more'
        end as behaviour_value
    from support_contacts_counted
    union all
    select
        members.outcome_name,
        members.person_id,
        'time_to_start' as behaviour_kind,
        {%- set days_to_start = dbt.datediff(
            'first_activities.first_activity_at', 'members.started_at', 'second'
        ) | trim %}
        case
            when {{ days_to_start }} < 2 * 86400 then '0-1 days' -- noqa: LT01
            when {{ days_to_start }} < 8 * 86400 then '2-7 days' -- noqa: LT01
            when {{ days_to_start }} < 31 * 86400 then '8-30 days' -- noqa: LT01
            else '31+ days'
        end as behaviour_value
    from int_churn_outcomes_observed as members
    inner join first_activities
        on members.person_id = first_activities.person_id
),

-- the kinds the outcome compares (churn_outcomes.behaviour_kinds; empty: every kind)
behaviours_observed as (
    select distinct
        behaviours_listed.outcome_name,
        behaviours_listed.person_id,
        behaviours_listed.behaviour_kind,
        behaviours_listed.behaviour_value
    from behaviours_listed
    inner join int_churn_outcomes_observed as members
        on
            behaviours_listed.outcome_name = members.outcome_name
            and behaviours_listed.person_id = members.person_id
    where
        nullif(trim(members.behaviour_kinds), '') is null
        or {{ dbt.concat(["' '", 'members.behaviour_kinds', "' '"]) }}
        like {{ dbt.concat(["'% '", 'behaviours_listed.behaviour_kind', "' %'"]) }}
)

select * from behaviours_observed
