{#-
    Attribution journeys: one row per (journey, touch). A converting journey is
    the touches that count for one conversion (lookback window, reset after each
    conversion of the same type, a '(none)' touch when there is none); an open
    journey is a person's touches after their last conversion of a type, kept
    for the Markov and Shapley models. Each CTE is one step of
    macros/attribution/attribution_journeys.sql, the steps the analyst macro
    journey.attribution_credits runs on any relation.
-#}
{%- set dimension_columns = journey.attribution_touch_dimensions() -%}
with

int_attribution_touchpoints_unioned as (
    select * from {{ ref('int_attribution_touchpoints_unioned') }}
),

attribution_input as (
    {{ journey.attribution_input(
        'int_attribution_touchpoints_unioned',
        id_column='touchpoint_id',
        person_column='person_id',
        at_column='touchpoint_at',
        channel_column='channel_group',
        is_conversion_column='is_conversion',
        value_column='conversion_value',
        conversion_type_column='conversion_type',
        dimension_columns=dimension_columns,
    ) }}
),

conversions_sequenced as (
    {{ journey.attribution_conversions_sequenced('attribution_input') }}
),

converting_journey_touches as (
    {{ journey.attribution_converting_journey_touches(
        'attribution_input', 'conversions_sequenced', dimension_columns=dimension_columns) }}
),

conversion_types as (
    {{ journey.attribution_conversion_types('conversions_sequenced') }}
),

open_touches as (
    {{ journey.attribution_open_touches('attribution_input', 'conversions_sequenced', 'conversion_types') }}
),

open_journey_touches as (
    {{ journey.attribution_open_journey_touches('open_touches', dimension_columns=dimension_columns) }}
),

journey_touches_numbered as (
    {{ journey.attribution_journey_touches_numbered('converting_journey_touches', 'open_journey_touches') }}
),

journey_touches as (
    select
        journey_id,
        conversion_type,
        person_id,
        is_converting,
        conversion_id,
        converted_at,
        conversion_value,
        is_first_conversion,
        touchpoint_id,
        touchpoint_at,
        touch_number,
        touches_in_journey,
        is_synthetic_touch,
        channel,
        touchpoint_type,
        traffic_source,
        traffic_medium,
        campaign
    from journey_touches_numbered
)

select * from journey_touches
