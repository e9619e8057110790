{#-
    One row per path analysis (seed path_anchors) and person who reached its anchor:
    the steps read from the person's first anchor activity, before or after it.

    The person's timeline is read without the activities of seed path_excluded_activities
    (the anchor row itself is always kept). A step is labelled with its activity, or
    'activity:value' when the analysis names a step_detail property the activity has.
    With collapse_repeats, consecutive steps with the same label count once (the anchor
    is never merged away). step_k is the k-th step away from the anchor (k <= steps):
    after the anchor, '(end)' marks where the timeline ends; before it, '(start)'
    marks where the timeline begins; later slots stay null.
    Sequences are read with lead()/lag() over the kept steps, no ordered string aggregation.
-#}
{%- set max_steps = var('journey_path_max_steps') | int -%}

with

int_activities_enriched as (
    select * from {{ ref('int_activities_enriched') }}
),

path_anchors as (
    select * from {{ ref('path_anchors') }}
),

path_excluded_activities as (
    select * from {{ ref('path_excluded_activities') }}
),

first_anchors as (
    select
        path_anchors.anchor_name,
        path_anchors.collapse_repeats,
        path_anchors.step_detail,
        path_anchors.conversion_activity,
        activities.person_id,
        min(activities.activity_number) as anchor_activity_number
    from int_activities_enriched as activities
    inner join path_anchors
        on {{ journey.activity_matches(
            'activities',
            'path_anchors.anchor_activity',
            'path_anchors.anchor_property',
            'path_anchors.anchor_property_value'
        ) }}
    group by
        path_anchors.anchor_name,
        path_anchors.collapse_repeats,
        path_anchors.step_detail,
        path_anchors.conversion_activity,
        activities.person_id
),

steps_labelled as (
    select
        first_anchors.anchor_name,
        first_anchors.person_id,
        first_anchors.collapse_repeats,
        activities.activity_number,
        activities.activity_number = first_anchors.anchor_activity_number as is_anchor,
        case
            when {{ journey.activity_property_value('first_anchors.step_detail', 'activities') }} is not null
                then {{ dbt.concat([
                    'activities.activity',
                    "':'",
                    journey.activity_property_value('first_anchors.step_detail', 'activities')
                ]) }}
            else activities.activity
        end as step_label
    from first_anchors
    inner join int_activities_enriched as activities
        on first_anchors.person_id = activities.person_id
    left join path_excluded_activities
        on activities.activity = path_excluded_activities.activity
    where
        path_excluded_activities.activity is null
        or activities.activity_number = first_anchors.anchor_activity_number
),

steps_compared_with_previous as (
    select
        *,
        lag(step_label) over (partition by anchor_name, person_id order by activity_number) as previous_step_label
    from steps_labelled
),

steps_kept as (
    select * from steps_compared_with_previous
    where
        is_anchor
        or not collapse_repeats
        or previous_step_label is null
        or previous_step_label != step_label
),

steps_windowed as (
    select
        anchor_name,
        person_id,
        activity_number,
        {%- for k in range(1, max_steps + 1) %}
            lead(step_label, {{ k }}) over (partition by anchor_name, person_id order by activity_number)
                as label_after_{{ k }},
            lag(step_label, {{ k }}) over (partition by anchor_name, person_id order by activity_number)
                as label_before_{{ k }},
        {%- endfor %}
        is_anchor,
        step_label
    from steps_kept
),

anchor_rows as (
    select
        path_anchors.anchor_name,
        path_anchors.direction,
        path_anchors.steps,
        steps_windowed.person_id,
        steps_windowed.activity_number as anchor_activity_number,
        {%- for k in range(1, max_steps + 1) %}
            {#- the step one nearer to the anchor (the anchor itself for the first) #}
            {%- set nearer_after = 'steps_windowed.' ~ ('step_label' if k == 1 else 'label_after_' ~ (k - 1)) %}
            {%- set nearer_before = 'steps_windowed.' ~ ('step_label' if k == 1 else 'label_before_' ~ (k - 1)) %}
            case
                when {{ k }} > path_anchors.steps then null
                when path_anchors.direction = 'after'
                    then coalesce(
                        steps_windowed.label_after_{{ k }},
                        case when {{ nearer_after }} is not null then {{ journey.label('path_end') }} end
                    )
                else coalesce(
                    steps_windowed.label_before_{{ k }},
                    case when {{ nearer_before }} is not null then {{ journey.label('path_start') }} end
                )
            end as step_{{ k }},
        {%- endfor %}
        steps_windowed.step_label as anchor_label
    from steps_windowed
    inner join path_anchors
        on steps_windowed.anchor_name = path_anchors.anchor_name
    where steps_windowed.is_anchor
),

conversions_after_anchor as (
    select distinct
        first_anchors.anchor_name,
        first_anchors.person_id
    from first_anchors
    inner join int_activities_enriched as activities
        on
            first_anchors.person_id = activities.person_id
            and first_anchors.conversion_activity = activities.activity
            and first_anchors.anchor_activity_number < activities.activity_number
),

paths_assembled as (
    select
        anchor_rows.*,
        case
            when anchor_rows.direction = 'after' then {{ dbt.concat(
                ['anchor_rows.anchor_label'] + journey.path_step_texts('anchor_rows.step_', max_steps, 'after')
            ) }}
            else {{ dbt.concat(
                journey.path_step_texts('anchor_rows.step_', max_steps, 'before') + ['anchor_rows.anchor_label']
            ) }}
        end as path_sequence,
        conversions_after_anchor.person_id is not null as has_converted
    from anchor_rows
    left join conversions_after_anchor
        on
            anchor_rows.anchor_name = conversions_after_anchor.anchor_name
            and anchor_rows.person_id = conversions_after_anchor.person_id
)

select * from paths_assembled
