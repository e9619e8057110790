{#-
    Retention tables: one row per cohort definition, cohort dimension, cohort value,
    period type, period mode and period number (periods with at least one observed
    member). A member is eligible for period k when period k is fully observed for
    them; every rate divides by the eligible members of that period, so late cohorts
    do not drag the curve down. A period that no member of the cohort value has fully
    observed yet is reported over the members who observed part of it (the last,
    partly observed period), with is_complete_period false. Every count is a count of rows of
    fct_cohort_member_periods (joined with fct_cohort_members for the dimension).
-#}
{%- set dimensions = [
    ('all', "'all'"),
    ('cohort_start_month', 'cast(members.cohort_start_month as ' ~ dbt.type_string() ~ ')'),
    ('cohort_start_week', 'cast(members.cohort_start_week as ' ~ dbt.type_string() ~ ')'),
    ('signup_month', 'cast(members.signup_month as ' ~ dbt.type_string() ~ ')'),
    ('first_purchase_month', 'cast(members.first_purchase_month as ' ~ dbt.type_string() ~ ')'),
    ('first_purchase_week', 'cast(members.first_purchase_week as ' ~ dbt.type_string() ~ ')'),
    ('acquisition_channel_group', 'members.acquisition_channel_group'),
    ('plan', 'members.plan'),
    ('key_onboarding_step',
        "case when members.has_completed_key_onboarding_step then 'completed' else 'not_completed' end"),
    ('onboarding_steps_completed', 'cast(members.onboarding_steps_completed as ' ~ dbt.type_string() ~ ')'),
] -%}

with

fct_cohort_members as (
    select * from {{ ref('fct_cohort_members') }}
),

fct_cohort_member_periods as (
    select * from {{ ref('fct_cohort_member_periods') }}
),

members_by_dimension as (
    {%- for dimension, value_expr in dimensions %}
        select
            members.cohort_definition,
            members.person_id,
            '{{ dimension }}' as cohort_dimension,
            coalesce({{ value_expr }}, {{ journey.label('none') }}) as cohort_value
        from fct_cohort_members as members
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

cohort_sizes as (
    select
        cohort_definition,
        cohort_dimension,
        cohort_value,
        count(*) as cohort_size
    from members_by_dimension
    group by
        cohort_definition,
        cohort_dimension,
        cohort_value
),

member_periods_by_dimension as (
    select
        members_by_dimension.cohort_definition,
        members_by_dimension.cohort_dimension,
        members_by_dimension.cohort_value,
        periods.period_type,
        periods.period_mode,
        periods.period_number,
        periods.is_complete_period,
        periods.is_active,
        periods.is_active_in_or_after_period,
        periods.has_been_active,
        periods.purchases_count,
        periods.revenue,
        periods.cumulative_revenue,
        periods.is_repeat_purchaser
    from members_by_dimension
    inner join fct_cohort_member_periods as periods
        on
            members_by_dimension.cohort_definition = periods.cohort_definition
            and members_by_dimension.person_id = periods.person_id
),

periods_aggregated as (
    select
        cohort_definition,
        cohort_dimension,
        cohort_value,
        period_type,
        period_mode,
        period_number,
        is_complete_period,
        count(*) as eligible_members,
        sum(case when is_active then 1 else 0 end) as active_members,
        sum(case when is_active_in_or_after_period then 1 else 0 end) as unbounded_retained_members,
        sum(case when has_been_active then 1 else 0 end) as cumulative_active_members,
        sum(case when purchases_count > 0 then 1 else 0 end) as purchasing_members,
        sum(case when is_repeat_purchaser then 1 else 0 end) as repeat_purchasers,
        sum(revenue) as revenue,
        sum(cumulative_revenue) as cumulative_revenue
    from member_periods_by_dimension
    group by
        cohort_definition,
        cohort_dimension,
        cohort_value,
        period_type,
        period_mode,
        period_number,
        is_complete_period
),

periods_with_complete_members_marked as (
    select
        *,
        max(case when is_complete_period then 1 else 0 end) over (
            partition by cohort_definition, cohort_dimension, cohort_value, period_type, period_mode, period_number
        ) as has_complete_members
    from periods_aggregated
),

periods_chosen as (
    {#- the fully observed members when there are any, else (the last period) the partly observed ones #}
    select * from periods_with_complete_members_marked
    where is_complete_period or has_complete_members = 0
),

retention_measured as (
    select
        periods_chosen.*,
        cohort_sizes.cohort_size
    from periods_chosen
    inner join cohort_sizes
        on
            periods_chosen.cohort_definition = cohort_sizes.cohort_definition
            and periods_chosen.cohort_dimension = cohort_sizes.cohort_dimension
            and periods_chosen.cohort_value = cohort_sizes.cohort_value
),

retention_final as (
    select
        cast(cohort_definition as {{ dbt.type_string() }}) as cohort_definition,
        cast(cohort_dimension as {{ dbt.type_string() }}) as cohort_dimension,
        cast(cohort_value as {{ dbt.type_string() }}) as cohort_value,
        cast(period_type as {{ dbt.type_string() }}) as period_type,
        cast(period_mode as {{ dbt.type_string() }}) as period_mode,
        cast(period_number as {{ dbt.type_bigint() }}) as period_number,
        is_complete_period,
        cast(cohort_size as {{ dbt.type_bigint() }}) as cohort_size,
        cast(eligible_members as {{ dbt.type_bigint() }}) as eligible_members,
        cast(active_members as {{ dbt.type_bigint() }}) as active_members,
        cast(active_members as {{ journey.type_double() }}) / eligible_members as retention_rate,
        cast(unbounded_retained_members as {{ dbt.type_bigint() }}) as unbounded_retained_members,
        cast(unbounded_retained_members as {{ journey.type_double() }}) / eligible_members as unbounded_retention_rate,
        cast(cumulative_active_members as {{ dbt.type_bigint() }}) as cumulative_active_members,
        cast(cumulative_active_members as {{ journey.type_double() }}) / eligible_members as cumulative_active_rate,
        cast(purchasing_members as {{ dbt.type_bigint() }}) as purchasing_members,
        cast(repeat_purchasers as {{ dbt.type_bigint() }}) as repeat_purchasers,
        cast(repeat_purchasers as {{ journey.type_double() }}) / eligible_members as repeat_purchase_rate,
        cast(revenue as {{ journey.type_double() }}) as revenue,
        cast(revenue as {{ journey.type_double() }}) / eligible_members as revenue_per_member,
        cast(cumulative_revenue as {{ journey.type_double() }}) / eligible_members as cumulative_revenue_per_member
    from retention_measured
)

select * from retention_final
