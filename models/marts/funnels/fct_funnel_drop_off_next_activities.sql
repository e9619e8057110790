{#-
    What people did right after dropping off at each step: per funnel, step (2..K) and next
    activity (int_funnel_drop_offs_followed), the drop-offs, their share of the step's drop-offs
    and the activity's rank among the step's next activities (1 = the most common).
-#}
with

int_funnel_drop_offs_followed as (
    select * from {{ ref('int_funnel_drop_offs_followed') }}
),

next_activities_counted as (
    select
        funnel_name,
        step_number,
        step_name,
        next_activity,
        count(*) as dropped_off_count,
        sum(case when is_excluded then 1 else 0 end) as excluded_count,
        avg(seconds_to_next_activity) as avg_seconds_to_next_activity
    from int_funnel_drop_offs_followed
    group by
        funnel_name,
        step_number,
        step_name,
        next_activity
),

next_activities_ranked as (
    select
        *,
        sum(dropped_off_count) over (partition by funnel_name, step_number) as step_dropped_off_count,
        row_number() over (
            partition by funnel_name, step_number
            order by dropped_off_count desc, next_activity asc
        ) as activity_rank
    from next_activities_counted
),

next_activities_final as (
    select
        cast(funnel_name as {{ dbt.type_string() }}) as funnel_name,
        cast(step_number as {{ dbt.type_bigint() }}) as step_number,
        cast(step_name as {{ dbt.type_string() }}) as step_name,
        cast(activity_rank as {{ dbt.type_bigint() }}) as activity_rank,
        cast(next_activity as {{ dbt.type_string() }}) as next_activity,
        cast(dropped_off_count as {{ dbt.type_bigint() }}) as dropped_off_count,
        cast(excluded_count as {{ dbt.type_bigint() }}) as excluded_count,
        cast(step_dropped_off_count as {{ dbt.type_bigint() }}) as step_dropped_off_count,
        cast(dropped_off_count as {{ journey.type_double() }}) / step_dropped_off_count as share_of_drop_offs,
        cast(avg_seconds_to_next_activity as {{ journey.type_double() }}) as avg_seconds_to_next_activity
    from next_activities_ranked
)

select * from next_activities_final
