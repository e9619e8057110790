{#-
    Transition edges of the paths around each anchor, ready for a Sankey chart: one row
    per path analysis, position and (from step, to step) pair, with the people who made
    that move. Positions count steps from the anchor in time order: the anchor is 0, the
    steps after it 1, 2, ... and the steps before it -1, -2, ...; an edge goes from
    from_position to from_position + 1. '(start)' and '(end)' mark where a timeline
    begins or ends inside the window. from_node and to_node ('position|step') are unique
    node names for the chart.
-#}
{%- set max_steps = var('journey_path_max_steps') | int -%}

with

int_anchor_paths_assembled as (
    select * from {{ ref('int_anchor_paths_assembled') }}
),

edges_per_person as (
    {%- for k in range(1, max_steps + 1) %}
        {%- set nearer_step = 'anchor_label' if k == 1 else 'step_' ~ (k - 1) %}
        select
            anchor_name,
            direction,
            person_id,
            case when direction = 'after' then {{ k - 1 }} else -{{ k }} end as from_position,
            case when direction = 'after' then {{ nearer_step }} else step_{{ k }} end as from_step,
            case when direction = 'after' then step_{{ k }} else {{ nearer_step }} end as to_step
        from int_anchor_paths_assembled
        where step_{{ k }} is not null
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

edges_counted as (
    select
        anchor_name,
        direction,
        from_position,
        from_step,
        to_step,
        count(*) as people
    from edges_per_person
    group by
        anchor_name,
        direction,
        from_position,
        from_step,
        to_step
),

edges_final as (
    select
        cast(anchor_name as {{ dbt.type_string() }}) as anchor_name,
        cast(direction as {{ dbt.type_string() }}) as direction,
        cast(from_position as {{ dbt.type_bigint() }}) as from_position,
        cast(from_position + 1 as {{ dbt.type_bigint() }}) as to_position,
        cast(from_step as {{ dbt.type_string() }}) as from_step,
        cast(to_step as {{ dbt.type_string() }}) as to_step,
        cast(
            {{ dbt.concat(['cast(from_position as ' ~ dbt.type_string() ~ ')', "'|'", 'from_step']) }}
            as {{ dbt.type_string() }}
        ) as from_node,
        cast(
            {{ dbt.concat(['cast(from_position + 1 as ' ~ dbt.type_string() ~ ')', "'|'", 'to_step']) }}
            as {{ dbt.type_string() }}
        ) as to_node,
        cast(people as {{ dbt.type_bigint() }}) as people
    from edges_counted
)

select * from edges_final
