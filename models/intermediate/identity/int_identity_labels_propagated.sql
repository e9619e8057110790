{#-
    Connected components of the identity graph by label propagation: this SQL is
    one pass, which the iterative materialization repeats until no label changes
    (each pass is logged; not converging within journey_identity_max_passes is an
    error). A pass
      1. takes the smallest label among the identifier and its neighbours, then
      2. jumps: takes the label of the identifier its label names, if smaller
         (pointer jumping, which roughly halves the remaining distance).
    Pass 1 reads the starting labels (int_identity_labels_initialized).
-#}
{{ config(
    materialized='iterative',
    max_passes=var('journey_identity_max_passes'),
    max_passes_var='journey_identity_max_passes',
    converged_when='count(case when is_changed then 1 end) = 0',
    progress='count(case when is_changed then 1 end)',
    progress_label='labels changed',
) }}

with

previous_labels as (
    select * from {{ journey.previous_pass(ref('int_identity_labels_initialized')) }}
),

int_identity_links_guarded as (
    select * from {{ ref('int_identity_links_guarded') }}
),

neighbour_labels as (
    select
        links.identifier_key,
        labels.label_seen_at,
        labels.label_identifier_key
    from int_identity_links_guarded as links
    inner join previous_labels as labels
        on links.linked_identifier_key = labels.identifier_key
    union all
    select
        links.linked_identifier_key as identifier_key,
        labels.label_seen_at,
        labels.label_identifier_key
    from int_identity_links_guarded as links
    inner join previous_labels as labels
        on links.identifier_key = labels.identifier_key
),

neighbour_labels_ranked as (
    select
        *,
        row_number() over (
            partition by identifier_key order by label_seen_at, label_identifier_key
        ) as label_rank
    from neighbour_labels
),

labels_stepped as (
    select
        labels.identifier_key,
        labels.label_seen_at as previous_label_seen_at,
        labels.label_identifier_key as previous_label_identifier_key,
        case
            when {{ journey.identity_label_precedes(
                'smallest.label_seen_at', 'smallest.label_identifier_key',
                'labels.label_seen_at', 'labels.label_identifier_key') }}
                then smallest.label_seen_at
            else labels.label_seen_at
        end as label_seen_at,
        case
            when {{ journey.identity_label_precedes(
                'smallest.label_seen_at', 'smallest.label_identifier_key',
                'labels.label_seen_at', 'labels.label_identifier_key') }}
                then smallest.label_identifier_key
            else labels.label_identifier_key
        end as label_identifier_key
    from previous_labels as labels
    left join neighbour_labels_ranked as smallest
        on
            labels.identifier_key = smallest.identifier_key
            and smallest.label_rank = 1
),

labels_jumped as (
    select
        labels_stepped.identifier_key,
        case
            when {{ journey.identity_label_precedes(
                'label_owner.label_seen_at', 'label_owner.label_identifier_key',
                'labels_stepped.label_seen_at', 'labels_stepped.label_identifier_key') }}
                then label_owner.label_seen_at
            else labels_stepped.label_seen_at
        end as label_seen_at,
        case
            when {{ journey.identity_label_precedes(
                'label_owner.label_seen_at', 'label_owner.label_identifier_key',
                'labels_stepped.label_seen_at', 'labels_stepped.label_identifier_key') }}
                then label_owner.label_identifier_key
            else labels_stepped.label_identifier_key
        end as label_identifier_key,
        labels_stepped.previous_label_identifier_key
    from labels_stepped
    left join labels_stepped as label_owner
        on labels_stepped.label_identifier_key = label_owner.identifier_key
),

labels_compared as (
    select
        identifier_key,
        label_seen_at,
        label_identifier_key,
        label_identifier_key != previous_label_identifier_key as is_changed,
        {{ journey.pass_number() }} as resolution_pass
    from labels_jumped
)

select * from labels_compared
