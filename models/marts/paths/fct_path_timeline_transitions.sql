{#-
    The transition matrix of every person's whole timeline (not only the steps around
    an anchor): one row per (from activity, to activity) pair of consecutive activities,
    with how often the move was made, by how many people, and its share of all moves out
    of the from activity. The activities of seed path_excluded_activities are left out,
    as in the anchor paths; repeats are kept (a -> a is a row). '(start)' leads to each
    timeline's first activity and its last activity leads to '(end)', so the shares out
    of every activity add up to 1.
-#}
with

int_activities_enriched as (
    select * from {{ ref('int_activities_enriched') }}
),

path_excluded_activities as (
    select * from {{ ref('path_excluded_activities') }}
),

activities_kept as (
    select
        activities.person_id,
        activities.activity_number,
        activities.activity
    from int_activities_enriched as activities
    left join path_excluded_activities
        on activities.activity = path_excluded_activities.activity
    where path_excluded_activities.activity is null
),

activities_with_neighbours as (
    select
        person_id,
        activity,
        lag(activity) over (partition by person_id order by activity_number) as previous_activity,
        lead(activity) over (partition by person_id order by activity_number) as next_activity
    from activities_kept
),

moves_per_person as (
    select
        person_id,
        activity as from_activity,
        coalesce(next_activity, {{ journey.label('path_end') }}) as to_activity
    from activities_with_neighbours
    union all
    select
        person_id,
        {{ journey.label('path_start') }} as from_activity,
        activity as to_activity
    from activities_with_neighbours
    where previous_activity is null
),

moves_counted as (
    select
        from_activity,
        to_activity,
        count(*) as transitions,
        count(distinct person_id) as people
    from moves_per_person
    group by
        from_activity,
        to_activity
),

moves_shared as (
    select
        *,
        sum(transitions) over (partition by from_activity) as from_activity_transitions
    from moves_counted
),

transitions_final as (
    select
        cast(from_activity as {{ dbt.type_string() }}) as from_activity,
        cast(to_activity as {{ dbt.type_string() }}) as to_activity,
        cast(transitions as {{ dbt.type_bigint() }}) as transitions,
        cast(people as {{ dbt.type_bigint() }}) as people,
        cast(from_activity_transitions as {{ dbt.type_bigint() }}) as from_activity_transitions,
        cast(transitions as {{ journey.type_double() }}) / from_activity_transitions as share_of_from
    from moves_shared
)

select * from transitions_final
