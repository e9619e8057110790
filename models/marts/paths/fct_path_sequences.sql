{#-
    The most frequent paths around each anchor (seed path_anchors): one row per path
    analysis and rank, for the top_n sequences by people (ties broken by the sequence
    text). A sequence reads in time order and includes the anchor, for example
    '(start) > page_view:/pricing > demo_request' or 'sign_up > trial_start > (end)'.
-#}
with

int_anchor_paths_assembled as (
    select * from {{ ref('int_anchor_paths_assembled') }}
),

path_anchors as (
    select * from {{ ref('path_anchors') }}
),

people_per_anchor as (
    select
        anchor_name,
        count(*) as anchor_people
    from int_anchor_paths_assembled
    group by anchor_name
),

people_per_sequence as (
    select
        anchor_name,
        path_sequence,
        count(*) as people,
        sum(case when has_converted then 1 else 0 end) as converted_people
    from int_anchor_paths_assembled
    group by
        anchor_name,
        path_sequence
),

sequences_ranked as (
    select
        people_per_sequence.*,
        people_per_anchor.anchor_people,
        path_anchors.direction,
        path_anchors.steps,
        path_anchors.top_n,
        row_number() over (
            partition by people_per_sequence.anchor_name
            order by people_per_sequence.people desc, people_per_sequence.path_sequence asc
        ) as sequence_rank
    from people_per_sequence
    inner join people_per_anchor
        on people_per_sequence.anchor_name = people_per_anchor.anchor_name
    inner join path_anchors
        on people_per_sequence.anchor_name = path_anchors.anchor_name
),

sequences_final as (
    select
        cast(anchor_name as {{ dbt.type_string() }}) as anchor_name,
        cast(direction as {{ dbt.type_string() }}) as direction,
        cast(steps as {{ dbt.type_bigint() }}) as steps,
        cast(sequence_rank as {{ dbt.type_bigint() }}) as sequence_rank,
        cast(path_sequence as {{ dbt.type_string() }}) as path_sequence,
        cast(people as {{ dbt.type_bigint() }}) as people,
        cast(anchor_people as {{ dbt.type_bigint() }}) as anchor_people,
        cast(people as {{ journey.type_double() }}) / anchor_people as share_of_anchor_people,
        cast(converted_people as {{ dbt.type_bigint() }}) as converted_people,
        cast(converted_people as {{ journey.type_double() }}) / people as conversion_rate
    from sequences_ranked
    where sequence_rank <= top_n
)

select * from sequences_final
