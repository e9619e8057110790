{#-
    One row per cohort definition and member: when and with which activity the person
    joined the cohort (their first start activity), the groupings the retention marts
    break cohorts down by, and the end of observation (observed_until, the last observed
    second: the newest activity, or what var journey_observation_ends_at sets, see macro
    retention_observed_until). Starts after the end of observation are left out. The
    person-level base of fct_retention: every cohort size there is a count of rows here.
-#}
{%- set key_step = journey.text_literal(var('journey_retention_key_onboarding_step')) -%}

with

int_activities_enriched as (
    select * from {{ ref('int_activities_enriched') }}
),

dim_persons as (
    select * from {{ ref('dim_persons') }}
),

retention_cohort_definitions as (
    select * from {{ ref('retention_cohort_definitions') }}
),

newest_activity as (
    select max(activity_at) as newest_activity_at
    from int_activities_enriched
),

observation_end as (
    select {{ journey.retention_observed_until('newest_activity_at') }} as observed_until
    from newest_activity
),

start_activities_matched as (
    select
        retention_cohort_definitions.cohort_definition,
        activities.person_id,
        activities.activity_id,
        activities.activity_number,
        activities.activity_at,
        activities.plan,
        row_number() over (
            partition by retention_cohort_definitions.cohort_definition, activities.person_id
            order by activities.activity_number
        ) as start_rank
    from int_activities_enriched as activities
    inner join retention_cohort_definitions
        on {{ journey.activity_matches(
            'activities',
            'retention_cohort_definitions.start_activity',
            'retention_cohort_definitions.start_property',
            'retention_cohort_definitions.start_property_value'
        ) }}
),

cohort_starts as (
    select start_activities_matched.*
    from start_activities_matched
    cross join observation_end
    where
        start_activities_matched.start_rank = 1
        and start_activities_matched.activity_at
        < {{ dbt.dateadd('second', 1, 'observation_end.observed_until') | trim }}
),

onboarding_steps_by_member as (
    select
        cohort_starts.cohort_definition,
        cohort_starts.person_id,
        count(distinct activities.onboarding_step) as onboarding_steps_completed,
        max(case when activities.onboarding_step = {{ key_step }} then 1 else 0 end) as key_step_flag
    from cohort_starts
    inner join int_activities_enriched as activities
        on
            cohort_starts.person_id = activities.person_id
            and activities.activity = 'onboarding_step_completed'
            and activities.onboarding_step is not null
            and activities.activity_at <= {{ dbt.dateadd(
                'day', var('journey_retention_onboarding_window_days') | int, 'cohort_starts.activity_at'
            ) }}
    group by
        cohort_starts.cohort_definition,
        cohort_starts.person_id
),

members_described as (
    select
        cohort_starts.cohort_definition,
        cohort_starts.person_id,
        cohort_starts.activity_id as cohort_start_activity_id,
        cohort_starts.activity_number as cohort_start_activity_number,
        cohort_starts.activity_at as cohort_started_at,
        dim_persons.signed_up_at,
        dim_persons.first_purchase_at,
        dim_persons.acquisition_channel_group,
        coalesce(cohort_starts.plan, dim_persons.current_plan) as plan,
        coalesce(onboarding_steps_by_member.onboarding_steps_completed, 0) as onboarding_steps_completed,
        coalesce(onboarding_steps_by_member.key_step_flag, 0) = 1 as has_completed_key_onboarding_step,
        observation_end.observed_until
    from cohort_starts
    cross join observation_end
    left join dim_persons
        on cohort_starts.person_id = dim_persons.person_id
    left join onboarding_steps_by_member
        on
            cohort_starts.cohort_definition = onboarding_steps_by_member.cohort_definition
            and cohort_starts.person_id = onboarding_steps_by_member.person_id
),

members_final as (
    select
        cast(cohort_definition as {{ dbt.type_string() }}) as cohort_definition,
        cast(person_id as {{ dbt.type_string() }}) as person_id,
        cast(cohort_start_activity_id as {{ dbt.type_string() }}) as cohort_start_activity_id,
        cast(cohort_start_activity_number as {{ dbt.type_bigint() }}) as cohort_start_activity_number,
        cast(cohort_started_at as {{ dbt.type_timestamp() }}) as cohort_started_at,
        cast(cohort_started_at as date) as cohort_start_date,
        cast({{ dbt.date_trunc('week', 'cohort_started_at') }} as date) as cohort_start_week,
        cast({{ dbt.date_trunc('month', 'cohort_started_at') }} as date) as cohort_start_month,
        cast({{ dbt.date_trunc('month', 'signed_up_at') }} as date) as signup_month,
        cast({{ dbt.date_trunc('week', 'first_purchase_at') }} as date) as first_purchase_week,
        cast({{ dbt.date_trunc('month', 'first_purchase_at') }} as date) as first_purchase_month,
        cast(acquisition_channel_group as {{ dbt.type_string() }}) as acquisition_channel_group,
        cast(plan as {{ dbt.type_string() }}) as plan,
        cast(onboarding_steps_completed as {{ dbt.type_bigint() }}) as onboarding_steps_completed,
        has_completed_key_onboarding_step,
        cast(observed_until as {{ dbt.type_timestamp() }}) as observed_until
    from members_described
)

select * from members_final
