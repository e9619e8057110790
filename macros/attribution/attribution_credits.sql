{#-
    Multi-touch attribution, step 2: credits of every model, from the journeys of
    attribution_journeys_sql (a relation or subquery with its columns).

    Each macro returns a select with one row per (model, conversion, touch)
    given credit, with the journey's columns, the touch's columns (channel and
    the dimension columns), credit (a fraction of the conversion; the credits of
    a conversion sum to 1 in every model) and is_fallback_credit (true where the
    model could not be applied exactly and fell back to a documented rule).
-#}

{#- The columns every credit row carries, before the model's credit. -#}
{% macro attribution_credit_columns(source, dimension_columns) -%}
    {{ source }}.conversion_id,
    {{ source }}.conversion_type,
    {{ source }}.person_id,
    {{ source }}.converted_at,
    {{ source }}.conversion_value,
    {{ source }}.is_first_conversion,
    {{ source }}.touchpoint_id,
    {{ source }}.touchpoint_at,
    {{ source }}.touch_number,
    {{ source }}.touches_in_journey,
    {{ source }}.is_synthetic_touch,
    {{ source }}.channel,
    {%- for column in dimension_columns %}
    {{ source }}.{{ column }},
    {%- endfor %}
{%- endmacro %}


{#-
    Rule-based models: first touch, last touch, last non-direct touch (the last
    touch whose channel is not direct_channel; the last touch when all are),
    linear, time decay (weight 2^(-age / half-life), age = clock time from the
    touch to the conversion) and position-based (40/20/40; one touch gets 1,
    two touches 0.5 each).
-#}
{% macro attribution_rule_based_credits_sql(journeys, dimension_columns=[], direct_channel=none, half_life_days=none) %}
    {%- set half_life_seconds = (half_life_days if half_life_days is not none
        else var('journey_attribution_half_life_days')) * 86400 -%}
    {%- set direct_channel = direct_channel or var('journey_attribution_direct_channel') -%}
    with

    attribution_journeys as (
        select * from {{ journeys }}
    ),

    converting_touches as (
        select
            *,
            max(case when channel != '{{ direct_channel }}' then touch_number end)
                over (partition by journey_id) as last_non_direct_touch_number,
            power(
                cast(0.5 as {{ journey.type_double() }}),
                cast({{ dbt.datediff('touchpoint_at', 'converted_at', 'second') }} as {{ journey.type_double() }})
                / {{ half_life_seconds }}
            ) as decay_weight
        from attribution_journeys
        where is_converting
    ),

    converting_touches_weighted as (
        select
            *,
            sum(decay_weight) over (partition by journey_id) as journey_decay_weight
        from converting_touches
    ),

    credits_by_model as (
        {#- double literals: a decimal literal such as 0.2 divides as a decimal on Spark -#}
        {%- set one = 'cast(1 as ' ~ journey.type_double() ~ ')' -%}
        {%- set zero = 'cast(0 as ' ~ journey.type_double() ~ ')' -%}
        {%- set models = {
            'first_touch': 'case when touch_number = 1 then ' ~ one ~ ' else ' ~ zero ~ ' end',
            'last_touch': 'case when touch_number = touches_in_journey then ' ~ one ~ ' else ' ~ zero ~ ' end',
            'last_non_direct_touch':
                'case when touch_number = coalesce(last_non_direct_touch_number, touches_in_journey) '
                ~ 'then ' ~ one ~ ' else ' ~ zero ~ ' end',
            'linear': one ~ ' / touches_in_journey',
            'time_decay': 'decay_weight / journey_decay_weight',
            'position_based':
                'case when touches_in_journey = 1 then ' ~ one
                ~ ' when touches_in_journey = 2 then ' ~ one ~ ' / 2'
                ~ ' when touch_number = 1 or touch_number = touches_in_journey then ' ~ one ~ ' * 2 / 5'
                ~ ' else ' ~ one ~ ' / 5 / (touches_in_journey - 2) end',
        } %}
        {%- for model_name, credit in models.items() %}
        select
            '{{ model_name }}' as attribution_model,
            {{ journey.attribution_credit_columns('converting_touches_weighted', dimension_columns) }}
            cast({{ credit }} as {{ journey.type_double() }}) as credit,
            false as is_fallback_credit
        from converting_touches_weighted
        {%- if not loop.last %}
        union all
        {%- endif %}
        {%- endfor %}
    )

    select * from credits_by_model
    where credit > 0
{% endmacro %}


{#-
    The first-order Markov chain of the journeys: transitions counted from
    '(start)' through the channels (consecutive repeats of a channel collapsed)
    to '(conversion)' for converting journeys and '(null)' for open ones.
    One row per (conversion_type, from_state, to_state) with the transitions count.
-#}
{% macro attribution_markov_transitions_sql(journeys) %}
    with

    attribution_journeys as (
        select * from {{ journeys }}
    ),

    journey_touches_with_previous as (
        select
            journey_id,
            conversion_type,
            is_converting,
            touch_number,
            channel,
            lag(channel) over (partition by journey_id order by touch_number) as previous_channel
        from attribution_journeys
    ),

    journey_steps_collapsed as (
        select
            journey_id,
            conversion_type,
            is_converting,
            channel,
            lag(channel) over (partition by journey_id order by touch_number) as previous_step_channel,
            row_number() over (partition by journey_id order by touch_number desc) = 1 as is_last_step
        from journey_touches_with_previous
        where previous_channel is null or previous_channel != channel
    ),

    transitions as (
        select
            conversion_type,
            coalesce(previous_step_channel, '(start)') as from_state,
            channel as to_state
        from journey_steps_collapsed
        union all
        select
            conversion_type,
            channel as from_state,
            case when is_converting then '(conversion)' else '(null)' end as to_state
        from journey_steps_collapsed
        where is_last_step
    ),

    transitions_counted as (
        select
            conversion_type,
            from_state,
            to_state,
            count(*) as transitions_count
        from transitions
        group by conversion_type, from_state, to_state
    )

    select * from transitions_counted
{% endmacro %}


{#-
    Markov credits: a conversion's credit goes to the distinct channels of its
    journey in proportion to their removal effects, and a channel's share is
    split equally between its touches in the journey. removal_effects has
    (conversion_type, channel, removal_effect).
-#}
{% macro attribution_markov_credits_sql(journeys, removal_effects, dimension_columns=[]) %}
    with

    attribution_journeys as (
        select * from {{ journeys }}
    ),

    markov_removal_effects as (
        select * from {{ removal_effects }}
    ),

    converting_touches as (
        select
            *,
            count(*) over (partition by journey_id, channel) as channel_touches_in_journey
        from attribution_journeys
        where is_converting
    ),

    journey_channels as (
        select distinct
            converting_touches.journey_id,
            converting_touches.channel,
            markov_removal_effects.removal_effect
        from converting_touches
        inner join markov_removal_effects
            on
                converting_touches.conversion_type = markov_removal_effects.conversion_type
                and converting_touches.channel = markov_removal_effects.channel
    ),

    journey_removal_effects as (
        select
            journey_id,
            sum(removal_effect) as journey_removal_effect
        from journey_channels
        group by journey_id
    ),

    markov_credits as (
        select
            'markov' as attribution_model,
            {{ journey.attribution_credit_columns('converting_touches', dimension_columns) }}
            cast(
                journey_channels.removal_effect / journey_removal_effects.journey_removal_effect
                / converting_touches.channel_touches_in_journey
                as {{ journey.type_double() }}
            ) as credit,
            false as is_fallback_credit
        from converting_touches
        inner join journey_channels
            on
                converting_touches.journey_id = journey_channels.journey_id
                and converting_touches.channel = journey_channels.channel
        inner join journey_removal_effects
            on converting_touches.journey_id = journey_removal_effects.journey_id
    )

    select * from markov_credits
    where credit > 0
{% endmacro %}
