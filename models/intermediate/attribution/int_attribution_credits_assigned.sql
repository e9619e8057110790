{#-
    Attribution credits of every model: one row per (attribution model,
    conversion, touch) given credit, from the rule-based, Markov and Shapley
    credit models. The credits of a conversion sum to 1 in every model;
    credited_value = credit * conversion_value.
-#}
with

int_attribution_rule_based_credits_assigned as (
    select * from {{ ref('int_attribution_rule_based_credits_assigned') }}
),

int_attribution_markov_credits_assigned as (
    select * from {{ ref('int_attribution_markov_credits_assigned') }}
),

int_attribution_shapley_credits_assigned as (
    select * from {{ ref('int_attribution_shapley_credits_assigned') }}
),

credits_unioned as (
    select * from int_attribution_rule_based_credits_assigned
    union all
    select * from int_attribution_markov_credits_assigned
    union all
    select * from int_attribution_shapley_credits_assigned
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
