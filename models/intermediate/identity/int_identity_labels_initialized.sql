{#-
    The starting labels of the identity graph's label propagation: every
    identifier labels itself with its first-seen time (to the second) and its key.
    The smallest label (earliest time, then smallest key) of a connected component
    names the component's earliest identifier, from which person_id is derived.
-#}
with

int_identifiers_guarded as (
    select * from {{ ref('int_identifiers_guarded') }}
),

labels_initialized as (
    select
        identifier_key,
        coalesce(
            {{ dbt.date_trunc('second', 'first_seen_at') }},
            cast('9999-12-31 23:59:59' as {{ dbt.type_timestamp() }})
        ) as label_seen_at,
        identifier_key as label_identifier_key,
        false as is_changed
    from int_identifiers_guarded
)

select * from labels_initialized
