{#-
    Shapley credits: one row per (conversion, touch) given credit. A channel
    group's share of the conversion (int_attribution_shapley_values_computed) is
    split equally between its touches in the journey. A journey whose channel set
    is not enumerated exactly (more than journey_attribution_shapley_max_channels
    channel groups) gets an equal split between its channel groups instead,
    flagged with is_fallback_credit.
-#}
with

int_attribution_journeys_built as (
    select * from {{ ref('int_attribution_journeys_built') }}
),

int_attribution_journey_channels_coded as (
    select * from {{ ref('int_attribution_journey_channels_coded') }}
),

int_attribution_shapley_values_computed as (
    select * from {{ ref('int_attribution_shapley_values_computed') }}
),

converting_touches_with_channel_sets as (
    {{ journey.attribution_converting_touches_with_channel_sets(
        'int_attribution_journeys_built', 'int_attribution_journey_channels_coded') }}
),

shapley_credits as (
    {{ journey.attribution_shapley_credits(
        'converting_touches_with_channel_sets',
        'int_attribution_shapley_values_computed',
        dimension_columns=journey.attribution_touch_dimensions(),
    ) }}
)

select * from shapley_credits
