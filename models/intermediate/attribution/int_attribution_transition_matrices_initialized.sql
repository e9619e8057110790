{#-
    The starting transition matrices of the Markov chain, one per conversion type
    and removal scenario: '(no removal)', and one scenario per channel group r in
    which every transition into a state ending with r goes to '(null)' instead
    (in order 1 the state is r). '(conversion)' and
    '(null)' are absorbing (probability 1 to themselves). The squaring model
    (int_attribution_transition_matrices_squared) starts from these.
-#}
with

int_attribution_markov_transitions_counted as (
    select * from {{ ref('int_attribution_markov_transitions_counted') }}
),

removal_scenarios as (
    {{ journey.attribution_removal_scenarios('int_attribution_markov_transitions_counted') }}
),

transition_probabilities as (
    {{ journey.attribution_transition_probabilities('int_attribution_markov_transitions_counted') }}
),

scenario_transitions as (
    {{ journey.attribution_scenario_transitions('removal_scenarios', 'transition_probabilities') }}
),

absorbing_transitions as (
    {{ journey.attribution_absorbing_transitions(
        'removal_scenarios', 'int_attribution_markov_transitions_counted') }}
),

matrices as (
    {{ journey.attribution_matrices_initialized('scenario_transitions', 'absorbing_transitions') }}
)

select * from matrices
