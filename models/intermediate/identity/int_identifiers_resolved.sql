{#-
    The identity map: every identifier with the person it belongs to.
    person_id is stable: it is derived from the earliest identifier of the
    person's connected component (first seen, then key), never from a row
    number, so it changes only when that person's own identifiers change.
-#}
with

int_identifiers_guarded as (
    select * from {{ ref('int_identifiers_guarded') }}
),

int_identity_labels_propagated as (
    select * from {{ ref('int_identity_labels_propagated') }}
),

identifiers_with_component as (
    select
        int_identifiers_guarded.identifier_key,
        int_identifiers_guarded.identifier_type,
        int_identifiers_guarded.identifier_value,
        int_identity_labels_propagated.label_identifier_key as component_identifier_key,
        int_identifiers_guarded.first_seen_at,
        int_identifiers_guarded.last_seen_at,
        int_identifiers_guarded.observation_count,
        int_identifiers_guarded.linked_user_ids,
        int_identifiers_guarded.is_guarded,
        int_identifiers_guarded.guard_reason
    from int_identifiers_guarded
    inner join int_identity_labels_propagated
        on int_identifiers_guarded.identifier_key = int_identity_labels_propagated.identifier_key
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
