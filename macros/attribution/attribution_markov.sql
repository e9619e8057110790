{#-
    Multi-touch attribution, step 2: the Markov chain and its removal effects, exactly,
    in plain SQL. Each macro is one select (one CTE) of the Markov models:

      int_attribution_markov_transitions_counted      attribution_journey_steps,
                                                      attribution_journey_states,
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

    States: '(start)', the channel states, and the absorbing '(conversion)' and '(null)'. In a
    chain of order k (journey_attribution_markov_order) a channel state is the walk's last k
    channels, 'A > B' (fewer at the start of a walk); in order 1 it is the channel. The method
    and why squaring converges are in docs/attribution.md.
-#}

{#- True for a state that is not absorbing (a channel or '(start)'). -#}
{% macro attribution_is_transient_state(state) -%}
    {{ state }} not in ('(conversion)', '(null)')
{%- endmacro %}


{#-
    The steps of every journey with consecutive repeats of a channel collapsed (A, A, B is
    A, B): the touches whose channel differs from the previous touch's.
-#}
{% macro attribution_journey_steps(journeys) -%}
    select
        journey_id,
        conversion_type,
        is_converting,
        touch_number,
        channel
    from (
        select
            journey_id,
            conversion_type,
            is_converting,
            touch_number,
            channel,
            lag(channel) over (partition by journey_id order by touch_number) as previous_touch_channel
        from {{ journeys }}
    ) as touches
    where previous_touch_channel is null or previous_touch_channel != channel
{%- endmacro %}


{#-
    The state of a chain of order k after a step: its last k channels, 'A > B > C', from
    the columns of the channels (oldest first; the older ones null at the start of a walk).
    Null when the newest is null (before the first step).
-#}
{% macro attribution_markov_state(channel_columns) -%}
    {%- set parts = [] -%}
    {%- for column in channel_columns[:-1] -%}
        {%- do parts.append("case when " ~ column ~ " is null then '' else "
            ~ dbt.concat([column, "' > '"]) ~ " end") -%}
    {%- endfor -%}
    {%- do parts.append(channel_columns[-1]) -%}
    {%- if parts | length == 1 -%}
        {{ parts[0] }}
    {%- else -%}
        case when {{ channel_columns[-1] }} is not null then {{ dbt.concat(parts) }} end
    {%- endif -%}
{%- endmacro %}


{#-
    The walk of every journey through the states of the chain of order markov_order: per
    step, the state it leaves ('(start)' at the first step) and the state it enters (the
    last markov_order channels), the channel each ends with, and whether it is the last step.
-#}
{% macro attribution_journey_states(journey_steps, markov_order) -%}
    {%- set lags = [] -%}
    {%- for lag_number in range(markov_order, 0, -1) -%}
        {%- do lags.append('channel_' ~ lag_number ~ '_back') -%}
    {%- endfor -%}
    select
        conversion_type,
        is_converting,
        coalesce({{ journey.attribution_markov_state(lags) }}, '(start)') as from_state,
        coalesce(channel_1_back, '(start)') as from_channel,
        {{ journey.attribution_markov_state(lags[1:] + ['channel']) }} as to_state,
        channel as to_channel,
        is_last_step
    from (
        select
            conversion_type,
            is_converting,
            channel,
            {%- for lag_number in range(1, markov_order + 1) %}
            lag(channel, {{ lag_number }}) over (partition by journey_id order by touch_number)
                as channel_{{ lag_number }}_back,
            {%- endfor %}
            lead(channel) over (partition by journey_id order by touch_number) is null as is_last_step
        from {{ journey_steps }}
    ) as steps
{%- endmacro %}


{#-
    Transitions '(start)' -> channel states -> '(conversion)' or '(null)', counted per
    conversion type, with the channel each state ends with (an absorbing state's is itself).
-#}
{% macro attribution_markov_transitions(journey_states) -%}
    select
        conversion_type,
        from_state,
        to_state,
        from_channel,
        to_channel,
        count(*) as transitions_count
    from (
        select
            conversion_type,
            from_state,
            to_state,
            from_channel,
            to_channel
        from {{ journey_states }}
        union all
        select
            conversion_type,
            to_state as from_state,
            case when is_converting then '(conversion)' else '(null)' end as to_state,
            to_channel as from_channel,
            case when is_converting then '(conversion)' else '(null)' end as to_channel
        from {{ journey_states }}
        where is_last_step
    ) as transitions
    group by conversion_type, from_state, to_state, from_channel, to_channel
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
        to_channel as removed_channel
    from {{ transitions }}
    where {{ journey.attribution_is_transient_state('to_channel') }}
{%- endmacro %}


{#- P(from -> to) = transitions from -> to / transitions out of from, per conversion type. -#}
{% macro attribution_transition_probabilities(transitions) -%}
    select
        conversion_type,
        from_state,
        to_state,
        from_channel,
        to_channel,
        cast(transitions_count as {{ journey.type_double() }})
        / sum(transitions_count) over (partition by conversion_type, from_state) as probability
    from {{ transitions }}
{%- endmacro %}


{#-
    The transitions of each scenario: with channel r removed, every transition into a state
    that ends with r goes to '(null)' instead (summed with the transitions that went there
    already), and the states that end with r lose their transitions (they absorb into
    '(null)', attribution_absorbing_transitions). A walk can only enter a state containing
    r through a state that ends with r, so this removes every state containing r: those
    where r is not the newest channel keep their rows but cannot be reached from '(start)'.
-#}
{% macro attribution_scenario_transitions(scenarios, probabilities) -%}
    {%- set to_state -%}
        case when probabilities.to_channel = scenarios.removed_channel then '(null)' else probabilities.to_state end
    {%- endset -%}
    select
        scenarios.conversion_type,
        scenarios.removed_channel,
        probabilities.from_state,
        {{ to_state }} as to_state,
        sum(probabilities.probability) as probability
    from {{ scenarios }} as scenarios
    inner join {{ probabilities }} as probabilities
        on scenarios.conversion_type = probabilities.conversion_type
    where probabilities.from_channel != scenarios.removed_channel
    group by
        scenarios.conversion_type,
        scenarios.removed_channel,
        probabilities.from_state,
        {{ to_state }}
{%- endmacro %}


{#-
    The absorbing rows of each scenario: '(conversion)' and '(null)' keep their mass, and
    the states that end with the removed channel go to '(null)'.
-#}
{% macro attribution_absorbing_transitions(scenarios, transitions) -%}
    {%- set one = 'cast(1 as ' ~ journey.type_double() ~ ')' -%}
    select distinct
        scenarios.conversion_type,
        scenarios.removed_channel,
        transitions.from_state,
        '(null)' as to_state,
        {{ one }} as probability
    from {{ scenarios }} as scenarios
    inner join {{ transitions }} as transitions
        on
            scenarios.conversion_type = transitions.conversion_type
            and scenarios.removed_channel = transitions.from_channel
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
