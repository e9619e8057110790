{#-
    Before/after comparison of cohorts around a change (seed retention_change_comparisons):
    one row per comparison. Members of the cohort definition who started before the
    change date are compared with those who started on or after it, on the share that
    did the outcome activity after their start activity and within the outcome window.
    Only members whose whole window is observed (start + window <= end of the data)
    are counted; with comparison_window_days, only those who started within that many
    days of the change on either side. z_score is the pooled two-proportion z statistic (after minus before);
    is_significant compares its absolute value with var journey_significance_z.
-#}
{%- set comparison_window_start = dbt.dateadd(
    'day', '-1 * comparisons.comparison_window_days', 'comparisons.change_date'
) -%}
{%- set comparison_window_end = dbt.dateadd('day', 'comparisons.comparison_window_days', 'comparisons.change_date') -%}

with

fct_cohort_members as (
    select * from {{ ref('fct_cohort_members') }}
),

int_activities_enriched as (
    select * from {{ ref('int_activities_enriched') }}
),

retention_change_comparisons as (
    select * from {{ ref('retention_change_comparisons') }}
),

comparison_members as (
    select
        comparisons.comparison_name,
        members.person_id,
        members.cohort_started_at,
        members.cohort_start_activity_number,
        {{ dbt.dateadd('day', 'comparisons.outcome_window_days', 'members.cohort_started_at') }} as window_ends_at,
        case when members.cohort_start_date >= comparisons.change_date then 'after' else 'before' end as side
    from retention_change_comparisons as comparisons
    inner join fct_cohort_members as members
        on comparisons.cohort_definition = members.cohort_definition
    where
        {{ dbt.dateadd('day', 'comparisons.outcome_window_days', 'members.cohort_started_at') }}
        <= members.observed_until
        and (
            comparisons.comparison_window_days is null
            or (
                members.cohort_start_date >= cast({{ comparison_window_start }} as date)
                and members.cohort_start_date < cast({{ comparison_window_end }} as date)
            )
        )
),

members_reaching_outcome as (
    select distinct
        comparison_members.comparison_name,
        comparison_members.person_id
    from comparison_members
    inner join retention_change_comparisons as comparisons
        on comparison_members.comparison_name = comparisons.comparison_name
    inner join int_activities_enriched as activities
        on
            comparison_members.person_id = activities.person_id
            and comparison_members.cohort_start_activity_number < activities.activity_number
            and comparison_members.window_ends_at >= activities.activity_at
    where {{ journey.activity_matches(
        'activities',
        'comparisons.outcome_activity',
        'comparisons.outcome_property',
        'comparisons.outcome_property_value'
    ) }}
),

members_flagged as (
    select
        comparison_members.comparison_name,
        comparison_members.side,
        case when members_reaching_outcome.person_id is not null then 1 else 0 end as reached_flag
    from comparison_members
    left join members_reaching_outcome
        on
            comparison_members.comparison_name = members_reaching_outcome.comparison_name
            and comparison_members.person_id = members_reaching_outcome.person_id
),

sides_counted as (
    select
        comparison_name,
        sum(case when side = 'before' then 1 else 0 end) as before_members,
        sum(case when side = 'before' then reached_flag else 0 end) as before_reached,
        sum(case when side = 'after' then 1 else 0 end) as after_members,
        sum(case when side = 'after' then reached_flag else 0 end) as after_reached
    from members_flagged
    group by comparison_name
),

comparisons_with_counts as (
    select
        comparisons.comparison_name,
        comparisons.cohort_definition,
        comparisons.change_date,
        comparisons.outcome_activity,
        comparisons.outcome_property,
        comparisons.outcome_property_value,
        comparisons.outcome_window_days,
        comparisons.comparison_window_days,
        coalesce(sides_counted.before_members, 0) as before_members,
        coalesce(sides_counted.before_reached, 0) as before_reached,
        coalesce(sides_counted.after_members, 0) as after_members,
        coalesce(sides_counted.after_reached, 0) as after_reached
    from retention_change_comparisons as comparisons
    left join sides_counted
        on comparisons.comparison_name = sides_counted.comparison_name
),

rates_computed as (
    select
        *,
        {{ journey.safe_ratio('before_reached', 'before_members') }} as before_rate,
        {{ journey.safe_ratio('after_reached', 'after_members') }} as after_rate,
        {{ journey.two_proportion_z('after_reached', 'after_members', 'before_reached', 'before_members') }} as z_score
    from comparisons_with_counts
),

differences_tested as (
    select
        *,
        after_rate - before_rate as rate_difference,
        case when before_rate > 0 then after_rate / before_rate end as rate_ratio
    from rates_computed
),

comparison_final as (
    select
        cast(comparison_name as {{ dbt.type_string() }}) as comparison_name,
        cast(cohort_definition as {{ dbt.type_string() }}) as cohort_definition,
        cast(change_date as date) as change_date,
        cast(outcome_activity as {{ dbt.type_string() }}) as outcome_activity,
        cast(outcome_property as {{ dbt.type_string() }}) as outcome_property,
        cast(outcome_property_value as {{ dbt.type_string() }}) as outcome_property_value,
        cast(outcome_window_days as {{ dbt.type_bigint() }}) as outcome_window_days,
        cast(comparison_window_days as {{ dbt.type_bigint() }}) as comparison_window_days,
        cast(before_members as {{ dbt.type_bigint() }}) as before_members,
        cast(before_reached as {{ dbt.type_bigint() }}) as before_reached,
        cast(before_rate as {{ journey.type_double() }}) as before_rate,
        cast(after_members as {{ dbt.type_bigint() }}) as after_members,
        cast(after_reached as {{ dbt.type_bigint() }}) as after_reached,
        cast(after_rate as {{ journey.type_double() }}) as after_rate,
        cast(rate_difference as {{ journey.type_double() }}) as rate_difference,
        cast(rate_ratio as {{ journey.type_double() }}) as rate_ratio,
        cast(z_score as {{ journey.type_double() }}) as z_score,
        coalesce(abs(z_score) >= {{ var('journey_significance_z') }}, false) as is_significant
    from differences_tested
)

select * from comparison_final
