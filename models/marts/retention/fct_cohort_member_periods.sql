{#-
    One row per cohort member, period type (day, week, month), period mode (calendar,
    rolling) and period number, for every period that is fully observed for that member
    (the period ends at or before the end of the data) up to the period type's
    max_period_number: whether the member was active in it, active in it or later,
    active at least once so far, and what they bought in it and so far.
    The person-level base of fct_retention: every count there is a count of rows here.

    Active: a return activity of the cohort definition after the start activity (in
    timeline order). Purchases: the activities of var journey_retention_purchase_activities
    at or after the start activity (the start itself included when it is one), their
    activity_value being revenue in the reporting currency.
-#}
{%- set purchase_list = journey.string_literals(var('journey_retention_purchase_activities')) -%}
{%- set period_grid = journey.retention_period_grid() -%}

with

fct_cohort_members as (
    select * from {{ ref('fct_cohort_members') }}
),

int_activities_enriched as (
    select * from {{ ref('int_activities_enriched') }}
),

retention_return_activities as (
    select * from {{ ref('retention_return_activities') }}
),

retention_period_types as (
    select * from {{ ref('retention_period_types') }}
),

whole_numbers as (
    {{ journey.whole_numbers('period_number', digits=3) }}
),

member_activities as (
    select
        fct_cohort_members.cohort_definition,
        fct_cohort_members.person_id,
        {%- for period_type, period_mode in period_grid %}
            {%- set period_number = journey.retention_period_number(
                period_type, period_mode, 'fct_cohort_members.cohort_started_at', 'activities.activity_at'
            ) %}
            {{ period_number }} as {{ period_type }}_{{ period_mode }}_period_number, -- noqa: LT01, LT05
        {%- endfor %}
        case
            when
                retention_return_activities.return_activity is not null
                and activities.activity_number > fct_cohort_members.cohort_start_activity_number
                then 1
            else 0
        end as return_flag,
        case when activities.activity in ({{ purchase_list }}) then 1 else 0 end as purchase_flag,
        case
            when activities.activity in ({{ purchase_list }}) then coalesce(activities.activity_value, 0)
            else 0
        end as purchase_value
    from fct_cohort_members
    inner join int_activities_enriched as activities
        on
            fct_cohort_members.person_id = activities.person_id
            and fct_cohort_members.cohort_start_activity_number <= activities.activity_number
    left join retention_return_activities
        on
            fct_cohort_members.cohort_definition = retention_return_activities.cohort_definition
            and activities.activity = retention_return_activities.return_activity
    where
        (
            retention_return_activities.return_activity is not null
            and activities.activity_number > fct_cohort_members.cohort_start_activity_number
        )
        or activities.activity in ({{ purchase_list }})
),

member_activities_by_period as (
    {%- for period_type, period_mode in period_grid %}
        select
            cohort_definition,
            person_id,
            '{{ period_type }}' as period_type,
            '{{ period_mode }}' as period_mode,
            {{ period_type }}_{{ period_mode }}_period_number as period_number,
            return_flag,
            purchase_flag,
            purchase_value
        from member_activities
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

activity_per_member_period as (
    select
        cohort_definition,
        person_id,
        period_type,
        period_mode,
        period_number,
        max(return_flag) as active_flag,
        sum(purchase_flag) as purchases_count,
        sum(purchase_value) as revenue
    from member_activities_by_period
    group by
        cohort_definition,
        person_id,
        period_type,
        period_mode,
        period_number
),

last_complete_periods_by_member as (
    {#- the period holding the end of the data is not complete yet: the last complete one is before it #}
    {%- for period_type, period_mode in period_grid %}
        select
            cohort_definition,
            person_id,
            '{{ period_type }}' as period_type,
            '{{ period_mode }}' as period_mode,
            {%- set observed_period_number = journey.retention_period_number(
                period_type, period_mode, 'cohort_started_at', 'observed_until'
            ) %}
            {{ observed_period_number }} - 1 as last_complete_period_number -- noqa: LT01, LT05
        from fct_cohort_members
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

observable_periods_by_member as (
    select
        last_complete_periods_by_member.cohort_definition,
        last_complete_periods_by_member.person_id,
        last_complete_periods_by_member.period_type,
        last_complete_periods_by_member.period_mode,
        least(
            retention_period_types.max_period_number,
            last_complete_periods_by_member.last_complete_period_number
        ) as last_observed_period_number
    from last_complete_periods_by_member
    inner join retention_period_types
        on last_complete_periods_by_member.period_type = retention_period_types.period_type
),

member_periods_observed as (
    select
        observable_periods_by_member.cohort_definition,
        observable_periods_by_member.person_id,
        observable_periods_by_member.period_type,
        observable_periods_by_member.period_mode,
        whole_numbers.period_number
    from observable_periods_by_member
    inner join whole_numbers
        on observable_periods_by_member.last_observed_period_number >= whole_numbers.period_number
),

member_period_rows_stacked as (
    {#- the observed periods (with nothing done yet) stacked on the periods with activity, observed or not -#}
    select
        cohort_definition,
        person_id,
        period_type,
        period_mode,
        period_number,
        1 as observed_flag,
        0 as active_flag,
        0 as purchases_count,
        0 as revenue
    from member_periods_observed
    union all
    select
        cohort_definition,
        person_id,
        period_type,
        period_mode,
        period_number,
        0 as observed_flag,
        active_flag,
        purchases_count,
        revenue
    from activity_per_member_period
),

member_periods_combined as (
    {#- one row per member period; the first and last active period over every period, observed or not -#}
    select
        cohort_definition,
        person_id,
        period_type,
        period_mode,
        period_number,
        max(observed_flag) as observed_flag,
        max(active_flag) as active_flag,
        sum(purchases_count) as purchases_count,
        sum(revenue) as revenue,
        min(max(case when active_flag = 1 then period_number end)) over (
            partition by cohort_definition, person_id, period_type, period_mode
        ) as first_active_period_number,
        max(max(case when active_flag = 1 then period_number end)) over (
            partition by cohort_definition, person_id, period_type, period_mode
        ) as last_active_period_number
    from member_period_rows_stacked
    group by
        cohort_definition,
        person_id,
        period_type,
        period_mode,
        period_number
),

member_periods_measured as (
    select
        cohort_definition,
        person_id,
        period_type,
        period_mode,
        period_number,
        active_flag = 1 as is_active,
        coalesce(last_active_period_number >= period_number, false) as is_active_in_or_after_period,
        coalesce(first_active_period_number <= period_number, false) as has_been_active,
        purchases_count,
        revenue,
        sum(purchases_count) over (
            partition by cohort_definition, person_id, period_type, period_mode
            order by period_number
            rows between unbounded preceding and current row
        ) as cumulative_purchases_count,
        sum(revenue) over (
            partition by cohort_definition, person_id, period_type, period_mode
            order by period_number
            rows between unbounded preceding and current row
        ) as cumulative_revenue
    from member_periods_combined
    where observed_flag = 1
),

member_periods_final as (
    select
        cast(cohort_definition as {{ dbt.type_string() }}) as cohort_definition,
        cast(person_id as {{ dbt.type_string() }}) as person_id,
        cast(period_type as {{ dbt.type_string() }}) as period_type,
        cast(period_mode as {{ dbt.type_string() }}) as period_mode,
        cast(period_number as {{ dbt.type_bigint() }}) as period_number,
        is_active,
        is_active_in_or_after_period,
        has_been_active,
        cast(purchases_count as {{ dbt.type_bigint() }}) as purchases_count,
        cast(revenue as {{ journey.type_double() }}) as revenue,
        cast(cumulative_purchases_count as {{ dbt.type_bigint() }}) as cumulative_purchases_count,
        cast(cumulative_revenue as {{ journey.type_double() }}) as cumulative_revenue,
        cumulative_purchases_count >= 2 as is_repeat_purchaser
    from member_periods_measured
)

select * from member_periods_final
