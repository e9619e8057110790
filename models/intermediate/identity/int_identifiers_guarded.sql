{#-
    One row per identifier (node of the identity graph) with the merge guards of
    the identity_rules seed applied: an identifier linked to more distinct
    user_ids than its type allows (a shared device, a shared mailbox) is guarded
    and takes no part in merging; junk values never get here (staging nulls them).
-#}
with

int_identity_observations_unioned as (
    select * from {{ ref('int_identity_observations_unioned') }}
),

identity_rules as (
    select * from {{ ref('identity_rules') }}
),

identifiers_seen as (
    select
        left_type as identifier_type,
        left_value as identifier_value,
        min(first_seen_at) as first_seen_at,
        max(last_seen_at) as last_seen_at,
        sum(observation_count) as observation_count
    from int_identity_observations_unioned
    where right_type is null
    group by left_type, left_value
),

links_both_directions as (
    select
        left_type as identifier_type,
        left_value as identifier_value,
        right_type as linked_type,
        right_value as linked_value
    from int_identity_observations_unioned
    where right_type is not null
    union all
    select
        right_type as identifier_type,
        right_value as identifier_value,
        left_type as linked_type,
        left_value as linked_value
    from int_identity_observations_unioned
    where right_type is not null
),

user_ids_per_identifier as (
    select
        identifier_type,
        identifier_value,
        count(distinct linked_value) as linked_user_ids
    from links_both_directions
    where linked_type = 'user_id'
    group by identifier_type, identifier_value
),

identifiers_guarded as (
    select
        {{ journey.identifier_key('identifiers_seen.identifier_type', 'identifiers_seen.identifier_value') }}
            as identifier_key,
        identifiers_seen.identifier_type,
        identifiers_seen.identifier_value,
        identifiers_seen.first_seen_at,
        identifiers_seen.last_seen_at,
        identifiers_seen.observation_count,
        coalesce(user_ids_per_identifier.linked_user_ids, 0) as linked_user_ids,
        case
            when not coalesce(identity_rules.is_mergeable, true) then 'type_not_mergeable'
            when
                identifiers_seen.identifier_type != 'user_id'
                and coalesce(user_ids_per_identifier.linked_user_ids, 0) > identity_rules.max_user_ids
                then 'linked_to_too_many_user_ids'
        end as guard_reason
    from identifiers_seen
    left join user_ids_per_identifier
        on
            identifiers_seen.identifier_type = user_ids_per_identifier.identifier_type
            and identifiers_seen.identifier_value = user_ids_per_identifier.identifier_value
    left join identity_rules
        on identifiers_seen.identifier_type = identity_rules.identifier_type
),

identifiers_flagged as (
    select
        *,
        guard_reason is not null as is_guarded
    from identifiers_guarded
)

select * from identifiers_flagged
