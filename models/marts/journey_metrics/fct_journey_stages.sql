{#-
    Conversion metric family, as stage rates: how many people reached each journey
    stage (any activity of that stage in event_taxonomy), overall and by acquisition
    channel group, in the stage order of var journey_stage_order.
    Grain: acquisition_channel_group ('(all)' for everyone) x journey_stage.
-#}
{%- set stages = var('journey_stage_order') -%}
{%- set stage_rows = [] -%}
{%- for stage in stages -%}
    {%- do stage_rows.append([journey.text_literal(stage), loop.index]) -%}
{%- endfor -%}

with

dim_persons as (
    select * from {{ ref('dim_persons') }}
),

int_activities_enriched as (
    select * from {{ ref('int_activities_enriched') }}
),

stage_order as (
    {{- journey.literal_rows(['journey_stage', 'stage_number'], stage_rows) }}
),

people_in_groups as (
    select
        person_id,
        coalesce(acquisition_channel_group, {{ journey.label('none') }}) as acquisition_channel_group
    from dim_persons
    union all
    select
        person_id,
        {{ journey.label('all') }} as acquisition_channel_group
    from dim_persons
),

stages_reached as (
    select distinct
        person_id,
        journey_stage
    from int_activities_enriched
    where journey_stage in ({{ journey.string_literals(stages) }})
),

group_sizes as (
    select
        acquisition_channel_group,
        count(*) as people
    from people_in_groups
    group by acquisition_channel_group
),

group_stage_grid as (
    select
        group_sizes.acquisition_channel_group,
        group_sizes.people,
        stage_order.journey_stage,
        stage_order.stage_number
    from group_sizes
    cross join stage_order
),

people_per_group_and_stage as (
    select
        people_in_groups.acquisition_channel_group,
        stages_reached.journey_stage,
        count(*) as people_reached
    from people_in_groups
    inner join stages_reached
        on people_in_groups.person_id = stages_reached.person_id
    group by people_in_groups.acquisition_channel_group, stages_reached.journey_stage
),

stages_counted as (
    select
        group_stage_grid.acquisition_channel_group,
        group_stage_grid.journey_stage,
        group_stage_grid.stage_number,
        group_stage_grid.people,
        coalesce(people_per_group_and_stage.people_reached, 0) as people_reached
    from group_stage_grid
    left join people_per_group_and_stage
        on
            group_stage_grid.acquisition_channel_group = people_per_group_and_stage.acquisition_channel_group
            and group_stage_grid.journey_stage = people_per_group_and_stage.journey_stage
),

stages_with_previous as (
    select
        *,
        lag(people_reached) over (
            partition by acquisition_channel_group order by stage_number
        ) as previous_stage_people_reached
    from stages_counted
),

stages_final as (
    select
        cast(acquisition_channel_group as {{ dbt.type_string() }}) as acquisition_channel_group,
        cast(journey_stage as {{ dbt.type_string() }}) as journey_stage,
        cast(stage_number as {{ dbt.type_bigint() }}) as stage_number,
        cast(people as {{ dbt.type_bigint() }}) as people,
        cast(people_reached as {{ dbt.type_bigint() }}) as people_reached,
        {{ journey.safe_ratio('people_reached', 'people') }} as reached_rate,
        {{ journey.safe_ratio('people_reached', 'previous_stage_people_reached') }} as rate_from_previous_stage
    from stages_with_previous
)

select * from stages_final
