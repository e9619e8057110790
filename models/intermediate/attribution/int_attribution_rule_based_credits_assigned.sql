{#-
    Credits of the rule-based models: one row per (attribution model, conversion,
    touch) given credit, for first_touch, last_touch, last_non_direct_touch,
    linear, time_decay and position_based. The credits of a conversion sum to 1
    in every model (macros/attribution/attribution_credits.sql).
-#}
with

int_attribution_journeys_built as (
    select * from {{ ref('int_attribution_journeys_built') }}
),

converting_touches_weighted as (
    {{ journey.attribution_converting_touches_weighted(
        'int_attribution_journeys_built',
        direct_channel=var('journey_attribution_direct_channel'),
        half_life_days=var('journey_attribution_half_life_days'),
    ) }}
),

rule_based_credits as (
    {{ journey.attribution_rule_based_credits(
        'converting_touches_weighted', dimension_columns=journey.attribution_touch_dimensions()) }}
)

select * from rule_based_credits
