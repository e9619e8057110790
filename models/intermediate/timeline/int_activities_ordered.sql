{#-
    The person timeline: every activity of every person in one ordered stream
    (activity-stream style). Ties on the same timestamp are broken by source and
    activity id, so the order is the same on every run and engine.
    A journey ends with an outcome (an activity listed in var
    journey_outcome_activities, by default a paid order, a won opportunity or a
    trial converting); the next activity starts the person's next journey.
    An incremental run rebuilds, from their whole timeline, the persons with an activity that is new,
    changed, moved to another person or gone (journey.changed_entities), and removes the persons who
    have no activity any more (merged into another).
-#}
{{ config(**journey.entity_keyed_config('person_id', row_key='activity_id')) }}
{%- set outcome_list = journey.string_literals(var('journey_outcome_activities')) -%}

with

int_activities_unioned as (
    select * from {{ ref('int_activities_unioned') }}
),

event_taxonomy as (
    select * from {{ ref('event_taxonomy') }}
),

activity_classes as (
    select distinct
        canonical_event,
        journey_stage,
        metric_family
    from event_taxonomy
),

{% if is_incremental() %}
{{ journey.changed_entities(ref('int_activities_unioned'), 'person_id') }},
{% endif %}
activities_in_scope as (
    {{ journey.rows_of_changed_entities('int_activities_unioned', 'person_id') }}
),

activities_classified as (
    select
        activities_in_scope.*,
        coalesce(activity_classes.journey_stage, 'unclassified') as journey_stage,
        coalesce(activity_classes.metric_family, 'unclassified') as metric_family,
        case when activities_in_scope.activity in ({{ outcome_list }}) then 1 else 0 end as outcome_flag
    from activities_in_scope
    left join activity_classes
        on activities_in_scope.activity = activity_classes.canonical_event
),

activities_sequenced as (
    select
        *,
        row_number() over (
            partition by person_id order by activity_at, activity_source, activity_id
        ) as activity_number,
        row_number() over (
            partition by person_id, activity order by activity_at, activity_source, activity_id
        ) as activity_occurrence,
        count(*) over (partition by person_id, activity) as activity_occurrences,
        lag(activity) over (
            partition by person_id order by activity_at, activity_source, activity_id
        ) as previous_activity,
        lead(activity) over (
            partition by person_id order by activity_at, activity_source, activity_id
        ) as next_activity,
        lag(activity_at) over (
            partition by person_id order by activity_at, activity_source, activity_id
        ) as previous_activity_at,
        coalesce(sum(outcome_flag) over (
            partition by person_id order by activity_at, activity_source, activity_id
            rows between unbounded preceding and 1 preceding
        ), 0) + 1 as journey_number,
        count(*) over (partition by person_id) as person_activities
    from activities_classified
),

activities_ordered as (
    select
        activity_id,
        person_id,
        {{ dbt.concat(['person_id', "'-'", 'cast(journey_number as ' ~ dbt.type_string() ~ ')']) }} as journey_id,
        journey_number,
        activity_number,
        activity,
        activity_source,
        journey_stage,
        metric_family,
        outcome_flag = 1 as is_outcome,
        activity_at,
        cast(activity_at as date) as activity_date,
        session_id,
        channel_group,
        campaign,
        activity_value,
        plan,
        related_id,
        previous_activity,
        next_activity,
        {{ dbt.datediff('previous_activity_at', 'activity_at', 'second') }} -- noqa: LT01, LT05
            as seconds_since_previous_activity,
        activity_occurrence,
        activity_occurrence = 1 as is_first_occurrence,
        activity_occurrence = activity_occurrences as is_last_occurrence,
        activity_number = 1 as is_first_activity,
        activity_number = person_activities as is_last_activity,
        loaded_at
    from activities_sequenced
)

select * from activities_ordered
{%- if is_incremental() %}
union all
{{ journey.retired_entity_rows('activities_ordered', 'person_id') }}
{%- endif %}
