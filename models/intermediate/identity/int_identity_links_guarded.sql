{#-
    The edges of the identity graph: distinct undirected links between two
    identifiers that may merge. Links touching a guarded identifier are dropped,
    and two user_ids are never linked directly.
-#}
with

int_identity_observations_unioned as (
    select * from {{ ref('int_identity_observations_unioned') }}
),

int_identifiers_guarded as (
    select * from {{ ref('int_identifiers_guarded') }}
),

links_keyed as (
    select
        {{ journey.identifier_key('left_type', 'left_value') }} as left_key,
        {{ journey.identifier_key('right_type', 'right_value') }} as right_key,
        first_seen_at,
        last_seen_at,
        observation_count
    from int_identity_observations_unioned
    where
        right_type is not null
        and not (left_type = 'user_id' and right_type = 'user_id')
),

links_ordered as (
    select
        case when left_key < right_key then left_key else right_key end as identifier_key,
        case when left_key < right_key then right_key else left_key end as linked_identifier_key,
        min(first_seen_at) as first_seen_at,
        max(last_seen_at) as last_seen_at,
        sum(observation_count) as observation_count
    from links_keyed
    where left_key != right_key
    group by 1, 2
),

links_between_unguarded as (
    select links_ordered.*
    from links_ordered
    inner join int_identifiers_guarded as left_identifier
        on links_ordered.identifier_key = left_identifier.identifier_key
    inner join int_identifiers_guarded as right_identifier
        on links_ordered.linked_identifier_key = right_identifier.identifier_key
    where
        not left_identifier.is_guarded
        and not right_identifier.is_guarded
)

select * from links_between_unguarded
