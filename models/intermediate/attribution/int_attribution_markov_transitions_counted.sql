{#-
    The first-order Markov chain of the attribution journeys (converting and
    open): transitions from '(start)' through the channel groups (consecutive
    repeats collapsed) to '(conversion)' or '(null)', counted per conversion type.
-#}
with

int_attribution_journeys_built as (
    select * from {{ ref('int_attribution_journeys_built') }}
),

journey_steps as (
    {{ journey.attribution_journey_steps('int_attribution_journeys_built') }}
),

transitions_counted as (
    {{ journey.attribution_markov_transitions('journey_steps') }}
),

transitions as (
    select
        conversion_type,
        from_state,
        to_state,
        cast(transitions_count as {{ dbt.type_bigint() }}) as transitions_count
    from transitions_counted
)

select * from transitions
