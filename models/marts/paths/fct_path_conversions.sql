{#-
    Path conversion lift: one row per path analysis and sequence seen by at least
    min_people people. converted_people did the analysis's conversion_activity after
    the anchor (any time up to the end of the data); the baseline is the conversion rate
    of everyone who reached the anchor, and lift = conversion_rate / baseline. z_score
    compares the sequence's people with the anchor's other people (pooled two-proportion
    z statistic), to tell a real lift from a small-sample one.
-#}
with

int_anchor_paths_assembled as (
    select * from {{ ref('int_anchor_paths_assembled') }}
),

path_anchors as (
    select * from {{ ref('path_anchors') }}
),

anchor_baselines as (
    select
        anchor_name,
        count(*) as anchor_people,
        sum(case when has_converted then 1 else 0 end) as anchor_converted_people
    from int_anchor_paths_assembled
    group by anchor_name
),

sequences_counted as (
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

sequences_compared as (
    select
        sequences_counted.anchor_name,
        path_anchors.direction,
        path_anchors.conversion_activity,
        sequences_counted.path_sequence,
        sequences_counted.people,
        sequences_counted.converted_people,
        cast(sequences_counted.converted_people as {{ journey.type_double() }}) / sequences_counted.people
            as conversion_rate,
        anchor_baselines.anchor_people,
        anchor_baselines.anchor_converted_people,
        cast(anchor_baselines.anchor_converted_people as {{ journey.type_double() }}) / anchor_baselines.anchor_people
            as baseline_conversion_rate,
        anchor_baselines.anchor_people - sequences_counted.people as other_people,
        anchor_baselines.anchor_converted_people - sequences_counted.converted_people as other_converted_people
    from sequences_counted
    inner join anchor_baselines
        on sequences_counted.anchor_name = anchor_baselines.anchor_name
    inner join path_anchors
        on sequences_counted.anchor_name = path_anchors.anchor_name
    where sequences_counted.people >= path_anchors.min_people
),

lift_measured as (
    select
        *,
        case when baseline_conversion_rate > 0 then conversion_rate / baseline_conversion_rate end as lift,
        conversion_rate - baseline_conversion_rate as rate_difference,
        {{ journey.two_proportion_z('converted_people', 'people', 'other_converted_people', 'other_people') }}
            as z_score
    from sequences_compared
),

conversions_final as (
    select
        cast(anchor_name as {{ dbt.type_string() }}) as anchor_name,
        cast(direction as {{ dbt.type_string() }}) as direction,
        cast(conversion_activity as {{ dbt.type_string() }}) as conversion_activity,
        cast(path_sequence as {{ dbt.type_string() }}) as path_sequence,
        cast(people as {{ dbt.type_bigint() }}) as people,
        cast(converted_people as {{ dbt.type_bigint() }}) as converted_people,
        cast(conversion_rate as {{ journey.type_double() }}) as conversion_rate,
        cast(anchor_people as {{ dbt.type_bigint() }}) as anchor_people,
        cast(anchor_converted_people as {{ dbt.type_bigint() }}) as anchor_converted_people,
        cast(baseline_conversion_rate as {{ journey.type_double() }}) as baseline_conversion_rate,
        cast(lift as {{ journey.type_double() }}) as lift,
        cast(rate_difference as {{ journey.type_double() }}) as rate_difference,
        cast(z_score as {{ journey.type_double() }}) as z_score,
        cast(row_number() over (
            partition by anchor_name order by conversion_rate desc, people desc, path_sequence asc
        ) as {{ dbt.type_bigint() }}) as lift_rank
    from lift_measured
)

select * from conversions_final
