{#-
    Every event a configuration seed names (journey.configured_event_columns: funnel
    steps, conversion types, signals, friction points, path and retention settings),
    checked against the canonical events of the event_taxonomy seed. An unknown one
    gets a message that names the seed row, the closest known event and the
    taxonomy row to add; the test on this model fails the build with it. Nothing is
    built from this model, so that failure skips nothing: the funnel that names the
    event is left out of the funnel models (int_funnel_steps_prepared), every other
    funnel builds, and any other row that names it matches nothing.
-#}
{%- set checked_columns = journey.configured_event_columns() -%}
{%- set seed_paths = {} -%}
{%- if execute -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'seed' -%}
        {%- do seed_paths.update({node.name: node.original_file_path}) -%}
    {%- endfor -%}
{%- endif -%}
{%- set taxonomy_path = seed_paths.get('event_taxonomy', 'seeds/event_taxonomy.csv') -%}

with

event_taxonomy as (
    select * from {{ ref('event_taxonomy') }}
),

{% for seed_name in checked_columns | map(attribute='seed') | unique %}
    {{ seed_name }} as (
        select * from {{ ref(seed_name) }}
    ),

{% endfor %}
known_events as (
    select distinct canonical_event
    from event_taxonomy
),

configured_events as (
    {% for checked in checked_columns %}
        {%- set key_parts = [] -%}
        {%- for key in checked['keys'] -%}
            {%- do key_parts.extend([
                journey.text_literal((', ' if not loop.first else '') ~ key ~ '='),
                'cast(' ~ key ~ ' as ' ~ dbt.type_string() ~ ')',
            ]) -%}
        {%- endfor %}
        select
            {{ journey.text_literal(seed_paths.get(checked.seed, checked.seed)) }} as seed_file,
            {{ dbt.concat(key_parts) }} as seed_row,
            {{ journey.text_literal(checked.column) }} as seed_column,
            trim(cast({{ checked.column }} as {{ dbt.type_string() }})) as configured_event,
            {{ journey.text_literal(checked.consequence) }} as consequence
        from {{ checked.seed }}
        where nullif(trim(cast({{ checked.column }} as {{ dbt.type_string() }})), '') is not null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

unknown_configured_events as (
    select distinct configured_events.configured_event
    from configured_events
    left join known_events
        on configured_events.configured_event = known_events.canonical_event
    where known_events.canonical_event is null
),

unknown_events_with_distances as (
    {%- set edit_distance = 'levenshtein(unknown_configured_events.configured_event, known_events.canonical_event)' %}
    select
        unknown_configured_events.configured_event,
        known_events.canonical_event as known_event,
        {{ edit_distance }} as edit_distance,
        min({{ edit_distance }}) over (partition by unknown_configured_events.configured_event) as min_edit_distance
    from unknown_configured_events
    cross join known_events
),

closest_known_events as (
    select
        configured_event,
        min(known_event) as closest_known_event
    from unknown_events_with_distances
    where edit_distance = min_edit_distance
    group by configured_event
),

configured_events_checked as (
    select
        configured_events.seed_file,
        configured_events.seed_row,
        configured_events.seed_column,
        configured_events.configured_event,
        known_events.canonical_event is not null as is_known_event,
        closest_known_events.closest_known_event,
        case
            when known_events.canonical_event is null
                then {{ dbt.concat([
                    'configured_events.seed_file', journey.text_literal(' row ('), 'configured_events.seed_row',
                    journey.text_literal('): ' ), 'configured_events.seed_column', journey.text_literal(" names '"),
                    'configured_events.configured_event',
                    journey.text_literal("', which is not a canonical_event of " ~ taxonomy_path ~ '. Fix the spelling'),
                    'case when closest_known_events.closest_known_event is not null then '
                        ~ dbt.concat([journey.text_literal(' (closest known event: '),
                            'closest_known_events.closest_known_event', journey.text_literal(')')])
                        ~ " else '' end",
                    journey.text_literal(' or add the event to ' ~ taxonomy_path ~ ' as the row '
                        ~ "raw_event_name,canonical_event,journey_stage,metric_family,activity_source,description = '"),
                    'configured_events.configured_event', journey.text_literal(','), 'configured_events.configured_event',
                    journey.text_literal(",<journey_stage>,<metric_family>,tracking,<what it means>'. Until then, "),
                    'configured_events.consequence', journey.text_literal('.'),
                ]) }}
        end as problem
    from configured_events
    left join known_events
        on configured_events.configured_event = known_events.canonical_event
    left join closest_known_events
        on configured_events.configured_event = closest_known_events.configured_event
)

select * from configured_events_checked
