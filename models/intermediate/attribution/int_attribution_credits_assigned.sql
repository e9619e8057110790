{#-
    Attribution credits of every model: one row per (attribution model,
    conversion, touch) given credit. The credits of a conversion sum to 1 in
    every model; credited_value = credit * conversion_value. Models: first_touch,
    last_touch, last_non_direct_touch, linear, time_decay, position_based,
    markov, shapley (macros/attribution).
-#}
{%- set dimension_columns = ['touchpoint_type', 'traffic_source', 'traffic_medium', 'campaign'] -%}
with

int_attribution_journeys_built as (
    select * from {{ ref('int_attribution_journeys_built') }}
),

int_attribution_removal_effects_computed as (
    select * from {{ ref('int_attribution_removal_effects_computed') }}
),

rule_based_credits as (
    {{ journey.attribution_rule_based_credits_sql(
        'int_attribution_journeys_built',
        dimension_columns=dimension_columns,
        direct_channel=var('journey_attribution_direct_channel'),
    ) | indent(4) }}
),

markov_credits as (
    {{ journey.attribution_markov_credits_sql(
        'int_attribution_journeys_built',
        'int_attribution_removal_effects_computed',
        dimension_columns=dimension_columns,
    ) | indent(4) }}
),

shapley_credits as (
    {{ journey.attribution_shapley_credits_sql(
        'int_attribution_journeys_built',
        dimension_columns=dimension_columns,
    ) | indent(4) }}
),

credits_unioned as (
    select * from rule_based_credits
    union all
    select * from markov_credits
    union all
    select * from shapley_credits
),

credits_valued as (
    select
        attribution_model,
        conversion_id,
        conversion_type,
        person_id,
        converted_at,
        conversion_value,
        is_first_conversion,
        touchpoint_id,
        touchpoint_at,
        touch_number,
        touches_in_journey,
        is_synthetic_touch,
        channel as channel_group,
        touchpoint_type,
        traffic_source,
        traffic_medium,
        campaign,
        credit,
        credit * conversion_value as credited_value,
        is_fallback_credit
    from credits_unioned
)

select * from credits_valued
