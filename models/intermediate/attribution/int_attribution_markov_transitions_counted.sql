{#-
    The Markov chain of the attribution journeys (converting and open), of order
    journey_attribution_markov_order: transitions from '(start)' through the channel
    states (consecutive repeats of a channel collapsed; in order k a state is the
    last k channels) to '(conversion)' or '(null)', counted per conversion type.
-#}
with

int_attribution_journeys_built as (
    select * from {{ ref('int_attribution_journeys_built') }}
),

journey_steps as (
    {{ journey.attribution_journey_steps('int_attribution_journeys_built') }}
),

journey_states as (
    {{ journey.attribution_journey_states('journey_steps', var('journey_attribution_markov_order')) }}
),

transitions_counted as (
    {{ journey.attribution_markov_transitions('journey_states') }}
),

transitions as (
    select
        conversion_type,
        from_state,
        to_state,
        from_channel,
        to_channel,
        cast(transitions_count as {{ dbt.type_bigint() }}) as transitions_count
    from transitions_counted
)

select * from transitions
