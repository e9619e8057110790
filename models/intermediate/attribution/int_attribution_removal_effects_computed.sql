{#-
    Markov removal effects per conversion type and channel group, from the
    converged matrices of int_attribution_transition_matrices_squared: the
    probability of reaching '(conversion)' from '(start)' with every channel and
    with the channel removed, and removal effect = 1 - removed / baseline.
-#}
with

int_attribution_transition_matrices_squared as (
    select * from {{ ref('int_attribution_transition_matrices_squared') }}
),

start_conversion_probabilities as (
    {{ journey.attribution_start_conversion_probabilities('int_attribution_transition_matrices_squared') }}
),

removal_effects as (
    {{ journey.attribution_removal_effects('start_conversion_probabilities') }}
),

removal_effects_typed as (
    select
        conversion_type,
        channel,
        cast(conversion_probability as {{ journey.type_double() }}) as conversion_probability,
        cast(removal_conversion_probability as {{ journey.type_double() }}) as removal_conversion_probability,
        cast(removal_effect as {{ journey.type_double() }}) as removal_effect,
        cast(markov_passes as {{ dbt.type_bigint() }}) as markov_passes,
        cast(markov_transient_mass as {{ journey.type_double() }}) as markov_transient_mass
    from removal_effects
)

select * from removal_effects_typed
