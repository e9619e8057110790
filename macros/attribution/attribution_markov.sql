{#-
    Markov removal effects, exactly, in plain SQL that runs on every engine.

    From the counted transitions (attribution_markov_transitions_sql), one
    transition matrix P per conversion type and removal scenario: '(no removal)'
    and one scenario per channel r, where every transition into r goes to
    '(null)' instead. '(conversion)' and '(null)' are absorbing (P = 1 to
    themselves).

    The probability of reaching '(conversion)' from '(start)' within n steps is
    P^n[start, conversion]; it rises with n to the absorption probability of the
    absorbing chain, B = (I - Q)^-1 R. Each pass squares the matrices (pass k
    holds P^(2^k)), written to a work table. The remaining probability of still
    being in a channel state after 2^k steps bounds the distance to B from
    above, so the loop stops at the first pass where that mass is below
    tolerance for every row of every matrix; not converging within max_passes
    passes is an error.

    removal effect of r = 1 - P(conversion | r removed) / P(conversion).

    The loop runs only when dbt executes the caller in one of run_in (by default
    run, build and retry); elsewhere it returns an empty relation of the same columns
    so that the caller still compiles. Returns a relation or subquery with
    (conversion_type, channel, conversion_probability,
    removal_conversion_probability, removal_effect, markov_passes).
-#}
{% macro markov_removal_effects(
    transitions_relation, work_schema, work_prefix, max_passes=none, tolerance=1e-14, run_in=['run', 'build', 'retry']
) %}
    {%- set max_passes = max_passes or var('journey_attribution_markov_max_passes') -%}
    {%- set text_type = dbt.type_string() -%}
    {%- set float_type = journey.type_double() -%}
    {%- if not execute or flags.WHICH not in run_in -%}
        {{ return('(select cast(null as ' ~ text_type ~ ') as conversion_type, cast(null as ' ~ text_type
            ~ ') as channel, cast(null as ' ~ float_type ~ ') as conversion_probability, cast(null as '
            ~ float_type ~ ') as removal_conversion_probability, cast(null as ' ~ float_type
            ~ ') as removal_effect, 0 as markov_passes where 1 = 0) as markov_placeholder') }}
    {%- endif -%}

    {%- set starting_matrices -%}
        with

        transitions as (
            select * from {{ transitions_relation }}
        ),

        channels as (
            select distinct
                conversion_type,
                to_state as channel
            from transitions
            where to_state not in ('(conversion)', '(null)')
        ),

        scenarios as (
            select distinct
                conversion_type,
                '(no removal)' as removed_channel
            from channels
            union all
            select
                conversion_type,
                channel as removed_channel
            from channels
        ),

        from_state_totals as (
            select
                conversion_type,
                from_state,
                sum(transitions_count) as from_state_transitions
            from transitions
            group by conversion_type, from_state
        ),

        transition_probabilities as (
            select
                transitions.conversion_type,
                transitions.from_state,
                transitions.to_state,
                cast(transitions.transitions_count as {{ float_type }})
                / from_state_totals.from_state_transitions as probability
            from transitions
            inner join from_state_totals
                on
                    transitions.conversion_type = from_state_totals.conversion_type
                    and transitions.from_state = from_state_totals.from_state
        ),

        scenario_steps as (
            select
                scenarios.conversion_type,
                scenarios.removed_channel,
                transition_probabilities.from_state,
                case
                    when transition_probabilities.to_state = scenarios.removed_channel then '(null)'
                    else transition_probabilities.to_state
                end as to_state,
                transition_probabilities.probability
            from scenarios
            inner join transition_probabilities
                on scenarios.conversion_type = transition_probabilities.conversion_type
            where transition_probabilities.from_state != scenarios.removed_channel
            union all
            select
                conversion_type,
                removed_channel,
                removed_channel as from_state,
                '(null)' as to_state,
                cast(1 as {{ float_type }}) as probability
            from scenarios
            where removed_channel != '(no removal)'
            union all
            select
                conversion_type,
                removed_channel,
                '(conversion)' as from_state,
                '(conversion)' as to_state,
                cast(1 as {{ float_type }}) as probability
            from scenarios
            union all
            select
                conversion_type,
                removed_channel,
                '(null)' as from_state,
                '(null)' as to_state,
                cast(1 as {{ float_type }}) as probability
            from scenarios
        )

        select
            conversion_type,
            removed_channel,
            from_state,
            to_state,
            sum(probability) as probability
        from scenario_steps
        group by conversion_type, removed_channel, from_state, to_state
    {%- endset -%}

    {%- set pass_zero = journey.attribution_work_relation(work_schema, work_prefix, 0) -%}
    {%- do adapter.drop_relation(pass_zero) -%}
    {%- do run_query(journey.create_table_as_sql(pass_zero, starting_matrices)) -%}

    {%- set state = namespace(previous=pass_zero, passes=0, converged=false, mass=none) -%}
    {%- for pass_number in range(1, max_passes + 1) if not state.converged -%}
        {%- set current = journey.attribution_work_relation(work_schema, work_prefix, pass_number) -%}
        {%- do adapter.drop_relation(current) -%}
        {%- set squared -%}
            select
                left_matrix.conversion_type,
                left_matrix.removed_channel,
                left_matrix.from_state,
                right_matrix.to_state,
                sum(left_matrix.probability * right_matrix.probability) as probability
            from {{ state.previous }} as left_matrix
            inner join {{ state.previous }} as right_matrix
                on
                    left_matrix.conversion_type = right_matrix.conversion_type
                    and left_matrix.removed_channel = right_matrix.removed_channel
                    and left_matrix.to_state = right_matrix.from_state
            group by left_matrix.conversion_type, left_matrix.removed_channel, left_matrix.from_state,
                right_matrix.to_state
        {%- endset -%}
        {%- do run_query(journey.create_table_as_sql(current, squared)) -%}
        {%- set state.mass = run_query(
            'select coalesce(max(transient_mass), 0) from (select sum(probability) as transient_mass from '
            ~ current ~ " where to_state not in ('(conversion)', '(null)')"
            ~ ' group by conversion_type, removed_channel, from_state) as row_masses'
        ).columns[0].values()[0] -%}
        {%- do adapter.drop_relation(state.previous) -%}
        {%- set state.previous = current -%}
        {%- set state.passes = pass_number -%}
        {%- if state.mass < tolerance -%}
            {%- set state.converged = true -%}
        {%- endif -%}
        {{ log('journey: attribution Markov pass ' ~ pass_number ~ ' (' ~ 2 ** pass_number
            ~ ' steps): largest transient mass ' ~ state.mass, info=True) }}
    {%- endfor -%}

    {%- if not state.converged -%}
        {{ exceptions.raise_compiler_error(
            'journey: the attribution Markov chain did not converge within ' ~ max_passes
            ~ ' squarings (var journey_attribution_markov_max_passes); the largest probability still in a channel'
            ~ ' state is ' ~ state.mass ~ '.') }}
    {%- endif -%}

    {%- set effects -%}
        (
            with

            start_rows as (
                select
                    conversion_type,
                    removed_channel,
                    sum(case when to_state = '(conversion)' then probability else 0 end) as conversion_probability
                from {{ state.previous }}
                where from_state = '(start)'
                group by conversion_type, removed_channel
            ),

            removal_effects as (
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
                    {{ state.passes }} as markov_passes
                from start_rows as removed
                inner join start_rows as baseline
                    on
                        removed.conversion_type = baseline.conversion_type
                        and baseline.removed_channel = '(no removal)'
                where removed.removed_channel != '(no removal)'
            )

            select * from removal_effects
        ) as markov_removal_effects
    {%- endset -%}
    {{ return(effects) }}
{% endmacro %}


{% macro attribution_work_relation(work_schema, work_prefix, pass_number) %}
    {{ return(api.Relation.create(
        database=target.get('database'), schema=work_schema,
        identifier=work_prefix ~ '__pass_' ~ pass_number, type='table')) }}
{% endmacro %}


{#- Post-hook: drops the work tables of every pass. -#}
{% macro drop_attribution_work_tables(work_schema, work_prefix, max_passes=none) %}
    {%- for pass_number in range(0, (max_passes or var('journey_attribution_markov_max_passes')) + 1) -%}
        {%- do adapter.drop_relation(journey.attribution_work_relation(work_schema, work_prefix, pass_number)) -%}
    {%- endfor -%}
    {{ return('') }}
{% endmacro %}
