{#-
    fct_cohort_member_periods with each member's cohort start and cohort
    dimensions beside every period row, so that the semantic layer can aggregate
    retention by cohort start time and by dimension from one table. One row per
    cohort definition, person, period type, period mode and period number (the fully
    observed periods and the last, partly observed one, flagged by is_complete_period,
    as in fct_cohort_member_periods; the retention measures count complete periods only);
    missing dimension values are '(none)', as in fct_retention.
-#}
with

fct_cohort_members as (
    select * from {{ ref('fct_cohort_members') }}
),

fct_cohort_member_periods as (
    select * from {{ ref('fct_cohort_member_periods') }}
),

member_periods_with_cohort as (
    select
        cast(fct_cohort_member_periods.cohort_definition as {{ dbt.type_string() }}) as cohort_definition,
        cast(fct_cohort_member_periods.person_id as {{ dbt.type_string() }}) as person_id,
        cast(fct_cohort_member_periods.period_type as {{ dbt.type_string() }}) as period_type,
        cast(fct_cohort_member_periods.period_mode as {{ dbt.type_string() }}) as period_mode,
        cast(fct_cohort_member_periods.period_number as {{ dbt.type_bigint() }}) as period_number,
        fct_cohort_member_periods.is_complete_period,
        cast(fct_cohort_members.cohort_started_at as {{ dbt.type_timestamp() }}) as cohort_started_at,
        cast(fct_cohort_members.cohort_start_date as date) as cohort_start_date,
        cast(
            coalesce(fct_cohort_members.acquisition_channel_group, {{ journey.label('none') }})
            as {{ dbt.type_string() }}
        ) as acquisition_channel_group,
        cast(coalesce(fct_cohort_members.plan, {{ journey.label('none') }}) as {{ dbt.type_string() }}) as plan,
        fct_cohort_members.has_completed_key_onboarding_step,
        fct_cohort_member_periods.is_active,
        fct_cohort_member_periods.is_active_in_or_after_period,
        fct_cohort_member_periods.has_been_active,
        cast(fct_cohort_member_periods.purchases_count as {{ dbt.type_bigint() }}) as purchases_count,
        cast(fct_cohort_member_periods.revenue as {{ journey.type_double() }}) as revenue,
        fct_cohort_member_periods.is_repeat_purchaser
    from fct_cohort_member_periods
    inner join fct_cohort_members
        on
            fct_cohort_member_periods.cohort_definition = fct_cohort_members.cohort_definition
            and fct_cohort_member_periods.person_id = fct_cohort_members.person_id
)

select * from member_periods_with_cohort
