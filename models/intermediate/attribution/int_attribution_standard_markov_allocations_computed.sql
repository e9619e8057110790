{#-
    The standard Markov allocation (the published removal-effect method, as
    ChannelAttribution computes it): per conversion type and channel group, the
    type's conversions and value x removal effect / sum of the type's removal
    effects. Channel level only (attribution_model 'markov_standard' of
    fct_attribution_channel_comparison); the per-conversion Markov credits are
    int_attribution_markov_credits_assigned.
-#}
with

int_attribution_journeys_built as (
    select * from {{ ref('int_attribution_journeys_built') }}
),

int_attribution_removal_effects_computed as (
    select * from {{ ref('int_attribution_removal_effects_computed') }}
),

conversion_totals as (
    {{ journey.attribution_conversion_totals('int_attribution_journeys_built') }}
),

standard_markov_allocations as (
    {{ journey.attribution_standard_markov_allocations(
        'int_attribution_removal_effects_computed', 'conversion_totals') }}
),

standard_markov_allocations_typed as (
    select
        conversion_type,
        channel,
        cast(removal_effect as {{ journey.type_double() }}) as removal_effect,
        cast(removal_effect_share as {{ journey.type_double() }}) as removal_effect_share,
        cast(conversions as {{ dbt.type_bigint() }}) as conversions,
        cast(conversion_value as {{ journey.type_double() }}) as conversion_value,
        cast(attributed_conversions as {{ journey.type_double() }}) as attributed_conversions,
        cast(attributed_value as {{ journey.type_double() }}) as attributed_value
    from standard_markov_allocations
)

select * from standard_markov_allocations_typed
