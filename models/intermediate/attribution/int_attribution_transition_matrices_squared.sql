{#-
    The Markov chain solved by repeated squaring: this SQL is one pass, which
    the iterative materialization repeats until the chain has converged. Pass k
    squares the matrices of pass k - 1 (pass 1 squares the starting matrices of
    int_attribution_transition_matrices_initialized), so pass k holds P^(2^k):
    the probabilities after 2^k steps. It stops at the first pass where, in every
    row of every matrix, less than 1e-14 is still in a transient state; not
    converging within journey_attribution_markov_max_passes passes is an error.
-#}
{{ config(
    materialized='iterative',
    max_passes=var('journey_attribution_markov_max_passes'),
    max_passes_var='journey_attribution_markov_max_passes',
    converged_when=journey.attribution_markov_converged(),
    progress='coalesce(max(from_state_transient_mass), 0)',
    progress_label='largest transient mass',
) }}

with

previous_pass_matrices as (
    select * from {{ journey.previous_pass(ref('int_attribution_transition_matrices_initialized')) }}
),

matrices_squared as (
    {{ journey.attribution_matrices_squared('previous_pass_matrices') }}
),

matrices_with_transient_mass as (
    {{ journey.attribution_matrices_with_transient_mass('matrices_squared', journey.pass_number()) }}
)

select * from matrices_with_transient_mass
