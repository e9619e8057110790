{#-
    The identity map: every identifier with the person it belongs to.
    person_id is stable: it is derived from the earliest identifier of the
    person's connected component (first seen, then key), never from a row
    number, so it changes only when that person's own identifiers change.
-#}
{%- set max_passes = var('journey_identity_max_passes') -%}
{{ config(post_hook="{{ journey.drop_component_work_tables(this.identifier, " ~ max_passes ~ ") }}") }}

with

int_identifiers_guarded as (
    select * from {{ ref('int_identifiers_guarded') }}
),

component_labels as (
    select * from {{ journey.propagate_component_labels(
        ref('int_identifiers_guarded'), ref('int_identity_links_guarded'), this.identifier, max_passes) }}
),

identifiers_with_component as (
    select
        int_identifiers_guarded.identifier_key,
        int_identifiers_guarded.identifier_type,
        int_identifiers_guarded.identifier_value,
        substr(component_labels.component_label, 21) as component_identifier_key,
        int_identifiers_guarded.first_seen_at,
        int_identifiers_guarded.last_seen_at,
        int_identifiers_guarded.observation_count,
        int_identifiers_guarded.linked_user_ids,
        int_identifiers_guarded.is_guarded,
        int_identifiers_guarded.guard_reason
    from int_identifiers_guarded
    inner join component_labels
        on int_identifiers_guarded.identifier_key = component_labels.identifier_key
),

identifiers_resolved as (
    select
        identifier_key,
        identifier_type,
        identifier_value,
        {{ dbt.concat(["'p_'", 'substr(' ~ dbt.hash('component_identifier_key') ~ ', 1, 20)']) }} as person_id,
        component_identifier_key,
        count(*) over (partition by component_identifier_key) as person_identifier_count,
        first_seen_at,
        last_seen_at,
        observation_count,
        linked_user_ids,
        is_guarded,
        guard_reason
    from identifiers_with_component
)

select * from identifiers_resolved
