{#-
    One row per cohort member, period type (day, week, month), period mode (calendar,
    rolling) and period number, for every period observed for that member up to the
    period type's max_period_number: the fully observed ones (the period ends at or before
    the second after observed_until) and the last, partly observed one (it holds
    observed_until), flagged by is_complete_period. Whether the member was active in it,
    active in it or later, active at least once so far, and what they bought in it and so far.
    The person-level base of fct_retention: every count there is a count of rows here.

    Active: at least min_return_activities (seed retention_cohort_definitions, default 1)
    return activities of the cohort definition in the period, after the start activity (in
    timeline order); with return_mode first_time only the first such period counts. Activities
    after observed_until are not read. Purchases: the activities of var
    journey_retention_purchase_activities at or after the start activity (the start itself
    included when it is one), their activity_value being revenue in the reporting currency.
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

retention_cohort_definitions as (
    select * from {{ ref('retention_cohort_definitions') }}
),

retention_return_activities as (
    select * from {{ ref('retention_return_activities') }}
),

retention_period_types as (
    select * from {{ ref('retention_period_types') }}
),

period_numbers as (
    {#- 0 .. max_period_number of every period type, no other bound (macro retention_period_numbers) #}
    {{ journey.retention_period_numbers('retention_period_types') }}
),

members_with_rules as (
    select
        fct_cohort_members.cohort_definition,
        fct_cohort_members.person_id,
        fct_cohort_members.cohort_start_activity_number,
        fct_cohort_members.cohort_started_at,
        fct_cohort_members.observed_until,
        coalesce(retention_cohort_definitions.min_return_activities, 1) as min_return_activities,
        coalesce(retention_cohort_definitions.return_mode, 'every') as return_mode
    from fct_cohort_members
    left join retention_cohort_definitions
        on fct_cohort_members.cohort_definition = retention_cohort_definitions.cohort_definition
),

member_activities as (
    select
        fct_cohort_members.cohort_definition,
        fct_cohort_members.person_id,
        fct_cohort_members.min_return_activities,
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
    from members_with_rules as fct_cohort_members
    inner join int_activities_enriched as activities
        on
            fct_cohort_members.person_id = activities.person_id
            and fct_cohort_members.cohort_start_activity_number <= activities.activity_number
            and activities.activity_at < {{ dbt.dateadd('second', 1, 'fct_cohort_members.observed_until') | trim }}
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
            min_return_activities,
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
        sum(return_flag) as return_activities_count,
        case when sum(return_flag) >= min_return_activities then 1 else 0 end as active_flag,
        sum(purchase_flag) as purchases_count,
        sum(purchase_value) as revenue
    from member_activities_by_period
    group by
        cohort_definition,
        person_id,
        period_type,
        period_mode,
        period_number,
        min_return_activities
),

last_periods_by_member as (
    {#-
        the period holding observed_until is the last one reported; it is complete only when it ends by
        the second after observed_until (the last observed second)
    #}
    {%- for period_type, period_mode in period_grid %}
        {%- set reported_period_number = journey.retention_period_number(
            period_type, period_mode, 'cohort_started_at', 'observed_until'
        ) %}
        {%- set next_period_number = journey.retention_period_number(
            period_type, period_mode, 'cohort_started_at', dbt.dateadd('second', 1, 'observed_until') | trim
        ) %}
        select
            cohort_definition,
            person_id,
            return_mode,
            '{{ period_type }}' as period_type,
            '{{ period_mode }}' as period_mode,
            {{ reported_period_number }} as last_reported_period_number, -- noqa: LT01, LT05
            {{ next_period_number }} - 1 as last_complete_period_number -- noqa: LT01, LT05
        from members_with_rules
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

member_periods_observed as (
    select
        last_periods_by_member.cohort_definition,
        last_periods_by_member.person_id,
        last_periods_by_member.return_mode,
        last_periods_by_member.period_type,
        last_periods_by_member.period_mode,
        period_numbers.period_number,
        case
            when period_numbers.period_number <= last_periods_by_member.last_complete_period_number then 1
            else 0
        end as complete_flag
    from last_periods_by_member
    inner join period_numbers
        on
            last_periods_by_member.period_type = period_numbers.period_type
            and last_periods_by_member.last_reported_period_number >= period_numbers.period_number
),

member_period_rows_stacked as (
    {#- the observed periods (with nothing done yet) stacked on the periods with activity, observed or not -#}
    select
        cohort_definition,
        person_id,
        period_type,
        period_mode,
        period_number,
        return_mode,
        1 as observed_flag,
        complete_flag,
        0 as return_activities_count,
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
        cast(null as {{ dbt.type_string() }}) as return_mode,
        0 as observed_flag,
        0 as complete_flag,
        return_activities_count,
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
        max(return_mode) as return_mode,
        max(observed_flag) as observed_flag,
        max(complete_flag) as complete_flag,
        sum(return_activities_count) as return_activities_count,
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
        complete_flag = 1 as is_complete_period,
        return_activities_count,
        {#- first_time: only the first active period counts, so it is also the last #}
        active_flag = 1 and (return_mode = 'every' or period_number = first_active_period_number) as is_active,
        coalesce(
            case when return_mode = 'first_time' then first_active_period_number else last_active_period_number end
            >= period_number,
            false
        ) as is_active_in_or_after_period,
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
        is_complete_period,
        cast(return_activities_count as {{ dbt.type_bigint() }}) as return_activities_count,
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
