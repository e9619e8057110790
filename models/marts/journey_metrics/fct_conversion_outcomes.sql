{#-
    Conversion metric family, as absolute outcomes: every conversion activity
    (metric_family 'conversion' in event_taxonomy) per month and acquisition
    channel group, with how many people did it and its total value.
    Grain: outcome_month x activity x acquisition_channel_group.
-#}
with

int_activities_enriched as (
    select * from {{ ref('int_activities_enriched') }}
),

dim_persons as (
    select * from {{ ref('dim_persons') }}
),

conversion_activities as (
    select
        int_activities_enriched.person_id,
        int_activities_enriched.activity,
        int_activities_enriched.activity_value,
        cast({{ dbt.date_trunc('month', 'int_activities_enriched.activity_at') }} as date) as outcome_month,
        coalesce(dim_persons.acquisition_channel_group, {{ journey.label('none') }}) as acquisition_channel_group
    from int_activities_enriched
    inner join dim_persons
        on int_activities_enriched.person_id = dim_persons.person_id
    where int_activities_enriched.metric_family = 'conversion'
),

outcomes_grouped as (
    select
        outcome_month,
        activity,
        acquisition_channel_group,
        count(*) as outcomes,
        count(distinct person_id) as people,
        sum(activity_value) as total_value
    from conversion_activities
    group by outcome_month, activity, acquisition_channel_group
),

outcomes_final as (
    select
        outcome_month,
        cast(activity as {{ dbt.type_string() }}) as activity,
        cast(acquisition_channel_group as {{ dbt.type_string() }}) as acquisition_channel_group,
        cast(outcomes as {{ dbt.type_bigint() }}) as outcomes,
        cast(people as {{ dbt.type_bigint() }}) as people,
        cast(total_value as {{ journey.type_double() }}) as total_value
    from outcomes_grouped
)

select * from outcomes_final
