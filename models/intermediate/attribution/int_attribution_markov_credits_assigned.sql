{#-
    Markov credits: one row per (conversion, touch) given credit. A conversion's
    credit goes to the distinct channel groups of its journey in proportion to
    their removal effects (int_attribution_removal_effects_computed), and a
    channel's share is split equally between its touches in the journey.
-#}
with

int_attribution_journeys_built as (
    select * from {{ ref('int_attribution_journeys_built') }}
),

int_attribution_removal_effects_computed as (
    select * from {{ ref('int_attribution_removal_effects_computed') }}
),

converting_touches_with_effects as (
    {{ journey.attribution_converting_touches_with_effects(
        'int_attribution_journeys_built', 'int_attribution_removal_effects_computed') }}
),

markov_credits as (
    {{ journey.attribution_markov_credits(
        'converting_touches_with_effects', dimension_columns=journey.attribution_touch_dimensions()) }}
)

select * from markov_credits
