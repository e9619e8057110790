{#-
    Every attribution model over any relation of touches and conversions, in one query:
    the steps the attribution models run (macros/attribution), as CTEs, for analyses/ and
    ad hoc SQL. relation is a relation, a subquery ('(select ...) as touches') or the name
    of a CTE of the calling query.

        select * from ({{ journey.attribution_credits(
            relation=ref('my_touchpoints'),
            id_column='event_id', person_column='user_id', at_column='event_at',
            channel_column='channel', is_conversion_column='is_purchase', value_column='revenue',
            dimension_columns=['campaign'],
        ) }}) as credits

    returns='credits' (the default): one row per (attribution_model, conversion, touch) given
    credit, with the columns of int_attribution_credits_assigned before credited_value
    (channel, not channel_group). returns='removal_effects': one row per (conversion_type,
    channel) with the columns of int_attribution_removal_effects_computed and the standard
    Markov allocation of int_attribution_standard_markov_allocations_computed. The Markov
    chain has order markov_order (default journey_attribution_markov_order) and is squared
    markov_passes times (P^(2^markov_passes)); on the Markov rows markov_transient_mass is the
    largest probability still in a channel state after that, and is_markov_converged says
    whether it is below 1e-14, the models' tolerance.
-#}
{% macro attribution_credits(
    relation,
    id_column='touchpoint_id',
    person_column='person_id',
    at_column='touchpoint_at',
    channel_column='channel',
    is_conversion_column='is_conversion',
    value_column='conversion_value',
    conversion_type_column=none,
    dimension_columns=[],
    lookback_days=none,
    half_life_days=none,
    direct_channel=none,
    shapley_max_channels=none,
    markov_passes=10,
    markov_order=none,
    returns='credits'
) %}
    {%- if returns not in ['credits', 'removal_effects'] -%}
        {{ exceptions.raise_compiler_error(
            "journey.attribution_credits: returns must be 'credits' or 'removal_effects', got " ~ returns | tojson) }}
    {%- endif -%}
    {%- set input_sql = journey.attribution_input(
        relation, id_column, person_column, at_column, channel_column, is_conversion_column, value_column,
        conversion_type_column=conversion_type_column, dimension_columns=dimension_columns) -%}
    {%- set markov_ctes = journey.attribution_markov_ctes('journeys', dimension_columns, markov_passes,
        markov_order if markov_order is not none else var('journey_attribution_markov_order')) -%}
    {%- set ctes = [('attribution_input', input_sql)]
        + journey.attribution_journey_ctes('attribution_input', dimension_columns, lookback_days) -%}
    {%- if returns == 'removal_effects' %}
    {{ journey.attribution_removal_effects_query(ctes, markov_ctes) }}
    {%- else -%}
    {%- set ctes = ctes
        + [
            ('converting_touches_weighted', journey.attribution_converting_touches_weighted(
                'journeys', direct_channel=direct_channel, half_life_days=half_life_days)),
            ('rule_based_credits', journey.attribution_rule_based_credits(
                'converting_touches_weighted', dimension_columns=dimension_columns)),
        ]
        + markov_ctes
        + journey.attribution_shapley_ctes('journeys', dimension_columns, shapley_max_channels) %}
    with
    {{ journey.attribution_ctes(ctes) }}
    {{ journey.attribution_credits_unioned() }}
    {%- endif %}
{% endmacro %}


{#-
    The query of journey.attribution_credits(returns='removal_effects'): the journeys' and the
    Markov steps' CTEs (without the credits, the last two), the standard allocation, and the
    removal effects with the allocation per (conversion_type, channel) and the convergence.
-#}
{% macro attribution_removal_effects_query(journey_ctes, markov_ctes) -%}
    with
    {{ journey.attribution_ctes(journey_ctes + markov_ctes[:-2] + [
        ('conversion_totals', journey.attribution_conversion_totals('journeys')),
        ('standard_markov_allocations', journey.attribution_standard_markov_allocations(
            'removal_effects', 'conversion_totals')),
    ]) }}
    {{ journey.attribution_removal_effects_returned() }}
{%- endmacro %}


{#- The last CTE and the select of attribution_removal_effects_query. -#}
{% macro attribution_removal_effects_returned() -%}
    removal_effects_returned as (
        select
            removal_effects.conversion_type,
            removal_effects.channel,
            removal_effects.conversion_probability,
            removal_effects.removal_conversion_probability,
            removal_effects.removal_effect,
            standard_markov_allocations.removal_effect_share,
            standard_markov_allocations.conversions,
            standard_markov_allocations.conversion_value,
            standard_markov_allocations.attributed_conversions,
            standard_markov_allocations.attributed_value,
            removal_effects.markov_passes,
            markov_convergence.markov_transient_mass,
            markov_convergence.is_markov_converged
        from removal_effects
        inner join standard_markov_allocations
            on
                removal_effects.conversion_type = standard_markov_allocations.conversion_type
                and removal_effects.channel = standard_markov_allocations.channel
        cross join markov_convergence
    )

    select * from removal_effects_returned
{%- endmacro %}


{#- The last CTE and the select of journey.attribution_credits: every model's credits, with the Markov convergence. -#}
{% macro attribution_credits_unioned() -%}
    credits_unioned as (
        select * from rule_based_credits
        union all
        select * from markov_credits
        union all
        select * from shapley_credits
    )

    select
        credits_unioned.*,
        case when credits_unioned.attribution_model = 'markov' then markov_convergence.markov_transient_mass end
            as markov_transient_mass,
        case when credits_unioned.attribution_model = 'markov' then markov_convergence.is_markov_converged end
            as is_markov_converged
    from credits_unioned
    cross join markov_convergence
{%- endmacro %}


{#- CTEs from a list of (name, select): `name as (select),` each. -#}
{% macro attribution_ctes(ctes) -%}
    {%- for name, sql in ctes %}
    {{ name }} as (
        {{ sql | indent(4) }}
    ),
{% endfor %}
{%- endmacro %}


{#- The journeys steps of int_attribution_journeys_built, as CTEs over input; the last is `journeys`. -#}
{% macro attribution_journey_ctes(input, dimension_columns, lookback_days) %}
    {{ return([
        ('conversions_sequenced', journey.attribution_conversions_sequenced(input)),
        ('converting_journey_touches', journey.attribution_converting_journey_touches(
            input, 'conversions_sequenced', dimension_columns=dimension_columns, lookback_days=lookback_days)),
        ('conversion_types', journey.attribution_conversion_types('conversions_sequenced')),
        ('open_touches', journey.attribution_open_touches(input, 'conversions_sequenced', 'conversion_types')),
        ('open_journey_touches', journey.attribution_open_journey_touches(
            'open_touches', dimension_columns=dimension_columns, lookback_days=lookback_days)),
        ('journeys', journey.attribution_journey_touches_numbered(
            'converting_journey_touches', 'open_journey_touches')),
    ]) }}
{% endmacro %}


{#-
    The Markov models' steps as CTEs over journeys (a chain of order markov_order), the
    squaring unrolled markov_passes times (markov_pass_k holds P^(2^k)), down to
    markov_credits and markov_convergence.
-#}
{% macro attribution_markov_ctes(journeys, dimension_columns, markov_passes, markov_order) %}
    {%- if markov_passes is not number or markov_passes < 1 -%}
        {{ exceptions.raise_compiler_error(
            'journey.attribution_credits: markov_passes must be a whole number >= 1, got ' ~ markov_passes | tojson) }}
    {%- endif -%}
    {%- if markov_order not in [1, 2, 3] -%}
        {{ exceptions.raise_compiler_error(
            'journey.attribution_credits: markov_order (by default the var journey_attribution_markov_order)'
            ~ ' must be 1, 2 or 3, got ' ~ markov_order | tojson) }}
    {%- endif -%}
    {%- set ctes = [
        ('journey_steps', journey.attribution_journey_steps(journeys)),
        ('journey_states', journey.attribution_journey_states('journey_steps', markov_order)),
        ('markov_transitions', journey.attribution_markov_transitions('journey_states')),
        ('removal_scenarios', journey.attribution_removal_scenarios('markov_transitions')),
        ('transition_probabilities', journey.attribution_transition_probabilities('markov_transitions')),
        ('scenario_transitions', journey.attribution_scenario_transitions(
            'removal_scenarios', 'transition_probabilities')),
        ('absorbing_transitions', journey.attribution_absorbing_transitions(
            'removal_scenarios', 'markov_transitions')),
        ('markov_pass_0', journey.attribution_matrices_initialized('scenario_transitions', 'absorbing_transitions')),
    ] -%}
    {%- for pass_number in range(1, markov_passes + 1) -%}
        {%- do ctes.append(('markov_pass_' ~ pass_number,
            journey.attribution_matrices_squared('markov_pass_' ~ (pass_number - 1)))) -%}
    {%- endfor -%}
    {{ return(ctes + [
        ('markov_matrices', journey.attribution_matrices_with_transient_mass(
            'markov_pass_' ~ markov_passes, markov_passes)),
        ('markov_convergence', journey.attribution_markov_convergence('markov_matrices')),
        ('start_conversion_probabilities', journey.attribution_start_conversion_probabilities('markov_matrices')),
        ('removal_effects', journey.attribution_removal_effects('start_conversion_probabilities')),
        ('converting_touches_with_effects', journey.attribution_converting_touches_with_effects(
            journeys, 'removal_effects')),
        ('markov_credits', journey.attribution_markov_credits(
            'converting_touches_with_effects', dimension_columns=dimension_columns)),
    ]) }}
{% endmacro %}


{#- The Shapley models' steps as CTEs over journeys, down to shapley_credits. -#}
{% macro attribution_shapley_ctes(journeys, dimension_columns, max_channels) %}
    {{ return([
        ('journey_channels', journey.attribution_journey_channels(journeys)),
        ('journey_channels_coded', journey.attribution_channel_sets_coded('journey_channels')),
        ('channel_set_rates', journey.attribution_channel_set_rates('journey_channels_coded')),
        ('converting_set_members', journey.attribution_converting_set_members('journey_channels_coded', max_channels)),
        ('coalition_mask_numbers', journey.whole_numbers(
            'coalition_mask', journey.attribution_coalition_mask_digits(max_channels))),
        ('coalition_masks', journey.attribution_coalition_masks('coalition_mask_numbers', max_channels)),
        ('set_coalitions', journey.attribution_set_coalitions('converting_set_members', 'coalition_masks')),
        ('observed_subsets', journey.attribution_observed_subsets('converting_set_members', 'channel_set_rates')),
        ('coalition_values', journey.attribution_coalition_values('set_coalitions', 'observed_subsets')),
        ('marginal_contributions', journey.attribution_marginal_contributions(
            'converting_set_members', 'coalition_values')),
        ('shapley_values', journey.attribution_shapley_values('marginal_contributions')),
        ('shapley_shares', journey.attribution_shapley_shares('shapley_values', 'coalition_values')),
        ('converting_touches_with_channel_sets', journey.attribution_converting_touches_with_channel_sets(
            journeys, 'journey_channels_coded')),
        ('shapley_credits', journey.attribution_shapley_credits(
            'converting_touches_with_channel_sets', 'shapley_shares', dimension_columns=dimension_columns)),
    ]) }}
{% endmacro %}


{#-
    The final columns of the spend performance marts, from sums of spend,
    impressions, clicks, attributed conversions, value and first conversions:
    cost per acquisition, return on ad spend and customer acquisition cost
    (null where the denominator is 0).
-#}
{% macro attribution_performance_columns() -%}
    cast(spend as {{ journey.type_double() }}) as spend,
    cast(impressions as {{ dbt.type_bigint() }}) as impressions,
    cast(clicks as {{ dbt.type_bigint() }}) as clicks,
    cast(attributed_conversions as {{ journey.type_double() }}) as attributed_conversions,
    cast(attributed_value as {{ journey.type_double() }}) as attributed_value,
    cast(attributed_first_conversions as {{ journey.type_double() }}) as attributed_first_conversions,
    cast(
        case when attributed_conversions > 0 then spend / attributed_conversions end as {{ journey.type_double() }}
    ) as cost_per_acquisition,
    cast(case when spend > 0 then attributed_value / spend end as {{ journey.type_double() }}) as return_on_ad_spend,
    cast(
        case when attributed_first_conversions > 0 then spend / attributed_first_conversions end
        as {{ journey.type_double() }}
    ) as customer_acquisition_cost
{%- endmacro %}


{#-
    Shares of a comparison mart: attributed conversions and value over the
    model's totals for the conversion type (value share null when the type
    has no value).
-#}
{% macro attribution_share_columns() -%}
    attributed_conversions
    / sum(attributed_conversions) over (partition by conversion_type, attribution_model) as conversion_share,
    case
        when sum(attributed_value) over (partition by conversion_type, attribution_model) > 0
            then attributed_value / sum(attributed_value) over (partition by conversion_type, attribution_model)
    end as value_share
{%- endmacro %}
