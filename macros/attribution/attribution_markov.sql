{#-
    Multi-touch attribution, step 2: the Markov chain and its removal effects, exactly,
    in plain SQL. Each macro is one select (one CTE) of the Markov models:

      int_attribution_markov_transitions_counted      attribution_journey_steps,
                                                      attribution_markov_transitions
      int_attribution_transition_matrices_initialized attribution_removal_scenarios,
                                                      attribution_transition_probabilities,
                                                      attribution_scenario_transitions,
                                                      attribution_absorbing_transitions,
                                                      attribution_matrices_initialized
      int_attribution_transition_matrices_squared     attribution_matrices_squared (one pass),
                                                      attribution_matrices_with_transient_mass,
                                                      attribution_markov_converged (its config)
      int_attribution_removal_effects_computed        attribution_start_conversion_probabilities,
                                                      attribution_removal_effects

    States: '(start)', the channels, and the absorbing '(conversion)' and '(null)'. The
    method and why squaring converges are in docs/attribution.md.
-#}

{#- True for a state that is not absorbing (a channel or '(start)'). -#}
{% macro attribution_is_transient_state(state) -%}
    {{ state }} not in ('(conversion)', '(null)')
{%- endmacro %}


{#-
    The steps of every journey with consecutive repeats of a channel collapsed: a touch
    whose channel differs from the previous touch's (A, A, B is A, B), and the journey's
    last touch, where the walk ends.
-#}
{% macro attribution_journey_steps(journeys) -%}
    select
        conversion_type,
        is_converting,
        channel,
        lag(channel) over (partition by journey_id order by touch_number) as previous_channel,
        touch_number = touches_in_journey as is_last_touch
    from {{ journeys }}
{%- endmacro %}


{#- Transitions '(start)' -> channels -> '(conversion)' or '(null)', counted per conversion type. -#}
{% macro attribution_markov_transitions(journey_steps) -%}
    select
        conversion_type,
        from_state,
        to_state,
        count(*) as transitions_count
    from (
        select
            conversion_type,
            coalesce(previous_channel, '(start)') as from_state,
            channel as to_state
        from {{ journey_steps }}
        where previous_channel is null or previous_channel != channel
        union all
        select
            conversion_type,
            channel as from_state,
            case when is_converting then '(conversion)' else '(null)' end as to_state
        from {{ journey_steps }}
        where is_last_touch
    ) as transitions
    group by conversion_type, from_state, to_state
{%- endmacro %}


{#- The removal scenarios of each conversion type: '(no removal)' and one per channel. -#}
{% macro attribution_removal_scenarios(transitions) -%}
    select distinct
        conversion_type,
        '(no removal)' as removed_channel
    from {{ transitions }}
    union all
    select distinct
        conversion_type,
        to_state as removed_channel
    from {{ transitions }}
    where {{ journey.attribution_is_transient_state('to_state') }}
{%- endmacro %}


{#- P(from -> to) = transitions from -> to / transitions out of from, per conversion type. -#}
{% macro attribution_transition_probabilities(transitions) -%}
    select
        conversion_type,
        from_state,
        to_state,
        cast(transitions_count as {{ journey.type_double() }})
        / sum(transitions_count) over (partition by conversion_type, from_state) as probability
    from {{ transitions }}
{%- endmacro %}


{#-
    The transitions of each scenario: with channel r removed, every transition into r
    goes to '(null)' instead (summed with the transitions that went there already).
-#}
{% macro attribution_scenario_transitions(scenarios, probabilities) -%}
    select
        scenarios.conversion_type,
        scenarios.removed_channel,
        probabilities.from_state,
        case
            when probabilities.to_state = scenarios.removed_channel then '(null)' else probabilities.to_state
        end as to_state,
        sum(probabilities.probability) as probability
    from {{ scenarios }} as scenarios
    inner join {{ probabilities }} as probabilities
        on scenarios.conversion_type = probabilities.conversion_type
    where probabilities.from_state != scenarios.removed_channel
    group by
        scenarios.conversion_type,
        scenarios.removed_channel,
        probabilities.from_state,
        case when probabilities.to_state = scenarios.removed_channel then '(null)' else probabilities.to_state end
{%- endmacro %}


{#-
    The absorbing rows of each scenario: '(conversion)' and '(null)' keep their mass, and
    a removed channel goes to '(null)'.
-#}
{% macro attribution_absorbing_transitions(scenarios) -%}
    {%- set one = 'cast(1 as ' ~ journey.type_double() ~ ')' -%}
    select
        conversion_type,
        removed_channel,
        removed_channel as from_state,
        '(null)' as to_state,
        {{ one }} as probability
    from {{ scenarios }}
    where removed_channel != '(no removal)'
    union all
    select
        conversion_type,
        removed_channel,
        '(conversion)' as from_state,
        '(conversion)' as to_state,
        {{ one }} as probability
    from {{ scenarios }}
    union all
    select
        conversion_type,
        removed_channel,
        '(null)' as from_state,
        '(null)' as to_state,
        {{ one }} as probability
    from {{ scenarios }}
{%- endmacro %}


{#- The starting matrices: the scenario transitions and the absorbing rows. -#}
{% macro attribution_matrices_initialized(scenario_transitions, absorbing_transitions) -%}
    select
        conversion_type,
        removed_channel,
        from_state,
        to_state,
        cast(probability as {{ journey.type_double() }}) as probability
    from {{ scenario_transitions }}
    union all
    select
        conversion_type,
        removed_channel,
        from_state,
        to_state,
        cast(probability as {{ journey.type_double() }}) as probability
    from {{ absorbing_transitions }}
{%- endmacro %}


{#-
    One squaring of every scenario's matrix: P^2[i, j] = sum over k of P[i, k] P[k, j].
    Applied k times to the starting matrices it gives P^(2^k).
-#}
{% macro attribution_matrices_squared(matrices) -%}
    select
        left_matrix.conversion_type,
        left_matrix.removed_channel,
        left_matrix.from_state,
        right_matrix.to_state,
        sum(left_matrix.probability * right_matrix.probability) as probability
    from {{ matrices }} as left_matrix
    inner join {{ matrices }} as right_matrix
        on
            left_matrix.conversion_type = right_matrix.conversion_type
            and left_matrix.removed_channel = right_matrix.removed_channel
            and left_matrix.to_state = right_matrix.from_state
    group by
        left_matrix.conversion_type,
        left_matrix.removed_channel,
        left_matrix.from_state,
        right_matrix.to_state
{%- endmacro %}


{#-
    The matrices of a pass with, on every row, the probability still in a transient state
    for its from_state after the steps the matrix holds (it bounds the distance of
    P^n[start, conversion] to the absorption probability from above), and the pass number.
-#}
{% macro attribution_matrices_with_transient_mass(matrices, pass_number) -%}
    select
        conversion_type,
        removed_channel,
        from_state,
        to_state,
        probability,
        sum(case when {{ journey.attribution_is_transient_state('to_state') }} then probability else 0 end)
            over (partition by conversion_type, removed_channel, from_state) as from_state_transient_mass,
        {{ pass_number }} as markov_passes
    from {{ matrices }}
{%- endmacro %}


{#-
    The convergence test of the squaring (an aggregate over the rows of
    attribution_matrices_with_transient_mass; true on no rows): less than 1e-14 still in a
    transient state in every row of every matrix.
-#}
{% macro attribution_markov_converged() -%}
    coalesce(max(from_state_transient_mass), 0) < 1e-14
{%- endmacro %}


{#- The largest transient mass left, and whether the squaring has converged. -#}
{% macro attribution_markov_convergence(matrices) -%}
    select
        coalesce(max(from_state_transient_mass), 0) as markov_transient_mass,
        {{ journey.attribution_markov_converged() }} as is_markov_converged
    from {{ matrices }}
{%- endmacro %}


{#- Per scenario: the probability of reaching '(conversion)' from '(start)' in the converged matrices. -#}
{% macro attribution_start_conversion_probabilities(matrices) -%}
    select
        conversion_type,
        removed_channel,
        sum(case when to_state = '(conversion)' then probability else 0 end) as conversion_probability,
        max(markov_passes) as markov_passes,
        max(from_state_transient_mass) as markov_transient_mass
    from {{ matrices }}
    where from_state = '(start)'
    group by conversion_type, removed_channel
{%- endmacro %}


{#- removal effect of channel r = 1 - P(conversion | r removed) / P(conversion). -#}
{% macro attribution_removal_effects(start_probabilities) -%}
    select
        removed.conversion_type,
        removed.removed_channel as channel,
        baseline.conversion_probability,
        removed.conversion_probability as removal_conversion_probability,
        case
            when baseline.conversion_probability > 0
                then 1 - removed.conversion_probability / baseline.conversion_probability
            else 0
        end as removal_effect,
        baseline.markov_passes,
        greatest(baseline.markov_transient_mass, removed.markov_transient_mass) as markov_transient_mass
    from {{ start_probabilities }} as removed
    inner join {{ start_probabilities }} as baseline
        on
            removed.conversion_type = baseline.conversion_type
            and baseline.removed_channel = '(no removal)'
    where removed.removed_channel != '(no removal)'
{%- endmacro %}
