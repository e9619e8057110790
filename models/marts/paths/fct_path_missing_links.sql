{#-
    Missing links (seed path_missing_links): one row per analysis and 'instead' rank.
    People reaching X are those with from_activity on their timeline (from their first
    occurrence); they reach Y when to_activity follows it. For the others, 'instead' is
    the first activity after their first X that is neither X nor an activity of seed
    path_excluded_activities, or '(end)' when there is none; the top_n most frequent are kept.
-#}
with

int_activities_enriched as (
    select * from {{ ref('int_activities_enriched') }}
),

path_missing_links as (
    select * from {{ ref('path_missing_links') }}
),

path_excluded_activities as (
    select * from {{ ref('path_excluded_activities') }}
),

people_reaching_from as (
    select
        path_missing_links.link_name,
        path_missing_links.from_activity,
        path_missing_links.to_activity,
        path_missing_links.top_n,
        activities.person_id,
        min(activities.activity_number) as from_activity_number
    from int_activities_enriched as activities
    inner join path_missing_links
        on activities.activity = path_missing_links.from_activity
    group by
        path_missing_links.link_name,
        path_missing_links.from_activity,
        path_missing_links.to_activity,
        path_missing_links.top_n,
        activities.person_id
),

people_reaching_from_flagged as (
    {#- reached_to_flag: to_activity follows the person's first from_activity -#}
    select
        people_reaching_from.link_name,
        people_reaching_from.from_activity,
        people_reaching_from.to_activity,
        people_reaching_from.top_n,
        people_reaching_from.person_id,
        people_reaching_from.from_activity_number,
        max(case when activities.activity_number is not null then 1 else 0 end) as reached_to_flag
    from people_reaching_from
    left join int_activities_enriched as activities
        on
            people_reaching_from.person_id = activities.person_id
            and people_reaching_from.to_activity = activities.activity
            and people_reaching_from.from_activity_number < activities.activity_number
    group by
        people_reaching_from.link_name,
        people_reaching_from.from_activity,
        people_reaching_from.to_activity,
        people_reaching_from.top_n,
        people_reaching_from.person_id,
        people_reaching_from.from_activity_number
),

people_missing_to as (
    select *
    from people_reaching_from_flagged
    where reached_to_flag = 0
),

later_activities_ranked as (
    select
        people_missing_to.link_name,
        people_missing_to.person_id,
        activities.activity,
        row_number() over (
            partition by people_missing_to.link_name, people_missing_to.person_id
            order by activities.activity_number
        ) as later_rank
    from people_missing_to
    inner join int_activities_enriched as activities
        on
            people_missing_to.person_id = activities.person_id
            and people_missing_to.from_activity_number < activities.activity_number
            and people_missing_to.from_activity != activities.activity
    left join path_excluded_activities
        on activities.activity = path_excluded_activities.activity
    where path_excluded_activities.activity is null
),

instead_per_person as (
    select
        people_missing_to.link_name,
        people_missing_to.person_id,
        coalesce(later_activities_ranked.activity, {{ journey.label('path_end') }}) as instead_activity
    from people_missing_to
    left join later_activities_ranked
        on
            people_missing_to.link_name = later_activities_ranked.link_name
            and people_missing_to.person_id = later_activities_ranked.person_id
            and later_activities_ranked.later_rank = 1
),

link_totals as (
    select
        link_name,
        from_activity,
        to_activity,
        top_n,
        count(*) as people_reaching_from,
        sum(reached_to_flag) as people_reaching_to
    from people_reaching_from_flagged
    group by
        link_name,
        from_activity,
        to_activity,
        top_n
),

instead_counted as (
    select
        link_name,
        instead_activity,
        count(*) as instead_people,
        row_number() over (partition by link_name order by count(*) desc, instead_activity) as instead_rank
    from instead_per_person
    group by
        link_name,
        instead_activity
),

missing_links_final as (
    select
        cast(link_totals.link_name as {{ dbt.type_string() }}) as link_name,
        cast(link_totals.from_activity as {{ dbt.type_string() }}) as from_activity,
        cast(link_totals.to_activity as {{ dbt.type_string() }}) as to_activity,
        cast(link_totals.people_reaching_from as {{ dbt.type_bigint() }}) as people_reaching_from,
        cast(link_totals.people_reaching_to as {{ dbt.type_bigint() }}) as people_reaching_to,
        cast(link_totals.people_reaching_from - link_totals.people_reaching_to as {{ dbt.type_bigint() }})
            as people_not_reaching_to,
        cast(link_totals.people_reaching_from - link_totals.people_reaching_to as {{ journey.type_double() }})
        / link_totals.people_reaching_from as drop_off_rate,
        cast(instead_counted.instead_rank as {{ dbt.type_bigint() }}) as instead_rank,
        cast(instead_counted.instead_activity as {{ dbt.type_string() }}) as instead_activity,
        cast(instead_counted.instead_people as {{ dbt.type_bigint() }}) as instead_people,
        cast(instead_counted.instead_people as {{ journey.type_double() }})
        / (link_totals.people_reaching_from - link_totals.people_reaching_to) as instead_share
    from instead_counted
    inner join link_totals
        on instead_counted.link_name = link_totals.link_name
    where instead_counted.instead_rank <= link_totals.top_n
)

select * from missing_links_final
