{#-
    Attribution journeys: one row per (journey, touch). A converting journey is
    the touches that count for one conversion (lookback window, reset after each
    conversion of the same type, a '(none)' touch when there is none); an open
    journey is a person's touches after their last conversion of a type, kept
    for the Markov model. See macros/attribution/attribution_journeys.sql.
-#}
with

int_attribution_touchpoints_unioned as (
    select * from {{ ref('int_attribution_touchpoints_unioned') }}
),

journey_touches as (
    {{ journey.attribution_journeys_sql(
        'int_attribution_touchpoints_unioned',
        id_column='touchpoint_id',
        person_column='person_id',
        at_column='touchpoint_at',
        channel_column='channel_group',
        is_conversion_column='is_conversion',
        value_column='conversion_value',
        conversion_type_column='conversion_type',
        dimension_columns=['touchpoint_type', 'traffic_source', 'traffic_medium', 'campaign'],
    ) | indent(4) }}
)

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
from journey_touches
