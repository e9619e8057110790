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
    {#- dbt-duckdb's dbt.datediff (in the decay weight) renders "b::timestamp ))". -#}
    {{ journey.attribution_converting_touches_weighted('int_attribution_journeys_built') }} -- noqa: LT01
),

rule_based_credits as (
    {{ journey.attribution_rule_based_credits(
        'converting_touches_weighted', dimension_columns=journey.attribution_touch_dimensions()) }}
)

select * from rule_based_credits
