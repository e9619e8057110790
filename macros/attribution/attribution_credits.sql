{#-
    Multi-touch attribution, step 3: credits of the rule-based and Markov models, from
    the journeys (int_attribution_journeys_built, or the journeys CTE of the analyst
    macro). A credit row is one (model, conversion, touch) given credit: the journey's
    and the touch's columns, credit (a fraction of the conversion; the credits of a
    conversion sum to 1 in every model) and is_fallback_credit (true where the model
    could not be applied exactly and fell back to a documented rule).
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
    The touches of converting journeys with what the rule-based models need: the number
    of the last touch outside direct_channel and the time-decay weight 2^(-age / half-life)
    (age = clock time from the touch to the conversion), with its sum over the journey.
-#}
{% macro attribution_converting_touches_weighted(journeys, direct_channel=none, half_life_days=none) -%}
    {%- set half_life_seconds = (half_life_days if half_life_days is not none
        else var('journey_attribution_half_life_days')) * 86400 -%}
    {%- set direct_channel = direct_channel or var('journey_attribution_direct_channel') -%}
    {%- set decay_weight -%}
        power(
            cast(0.5 as {{ journey.type_double() }}),
            cast({{ dbt.datediff('touchpoint_at', 'converted_at', 'second') }} as {{ journey.type_double() }})
            / {{ half_life_seconds }}
        )
    {%- endset %}
    select
        *,
        max(case when channel != {{ journey.text_literal(direct_channel) }} then touch_number end)
            over (partition by journey_id) as last_non_direct_touch_number,
        {{ decay_weight }} as decay_weight,
        sum({{ decay_weight }}) over (partition by journey_id) as journey_decay_weight
    from {{ journeys }}
    where is_converting
{%- endmacro %}


{#-
    The credit of a touch in each rule-based model (over attribution_converting_touches_weighted).
    Double literals, because a decimal literal such as 0.2 divides as a decimal on Spark.
-#}
{% macro attribution_rule_credits() %}
    {%- set one = 'cast(1 as ' ~ journey.type_double() ~ ')' -%}
    {%- set zero = 'cast(0 as ' ~ journey.type_double() ~ ')' -%}
    {{ return({
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
    }) }}
{% endmacro %}


{#-
    Rule-based credits: first touch, last touch, last non-direct touch (the last touch
    whose channel is not direct_channel; the last touch when all are), linear, time decay
    and position-based (40/20/40; one touch gets 1, two touches 0.5 each).
-#}
{% macro attribution_rule_based_credits(converting_touches_weighted, dimension_columns=[]) -%}
    {%- for model_name, credit in journey.attribution_rule_credits().items() %}
    select
        '{{ model_name }}' as attribution_model,
        {{ journey.attribution_credit_columns('weighted_touches', dimension_columns) | indent(4) }}
        cast({{ credit }} as {{ journey.type_double() }}) as credit,
        false as is_fallback_credit
    from {{ converting_touches_weighted }} as weighted_touches
    where {{ credit }} > 0
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}


{#-
    The touches of converting journeys with their channel's removal effect (removal_effects
    has conversion_type, channel, removal_effect) and the touches of that channel in the journey.
-#}
{% macro attribution_converting_touches_with_effects(journeys, removal_effects) -%}
    select
        journeys.*,
        removal_effects.removal_effect,
        count(*) over (partition by journeys.journey_id, journeys.channel) as channel_touches_in_journey
    from {{ journeys }} as journeys
    inner join {{ removal_effects }} as removal_effects
        on
            journeys.conversion_type = removal_effects.conversion_type
            and journeys.channel = removal_effects.channel
    where journeys.is_converting
{%- endmacro %}


{#-
    Markov credits: a conversion's credit goes to the distinct channels of its journey in
    proportion to their removal effects, and a channel's share is split equally between
    its touches in the journey (so the journey's total effect is the sum over its touches
    of effect / touches of the channel).
-#}
{% macro attribution_markov_credits(converting_touches_with_effects, dimension_columns=[]) -%}
    {%- set touch_effect = 'removal_effect / channel_touches_in_journey' -%}
    select
        'markov' as attribution_model,
        {{ journey.attribution_credit_columns('touches', dimension_columns) | indent(4) }}
        cast(
            {{ touch_effect }} / sum({{ touch_effect }}) over (partition by touches.journey_id)
            as {{ journey.type_double() }}
        ) as credit,
        false as is_fallback_credit
    from {{ converting_touches_with_effects }} as touches
    where touches.removal_effect > 0
{%- endmacro %}


{#- Conversions and their value per conversion type (one row per converting journey's first touch). -#}
{% macro attribution_conversion_totals(journeys) -%}
    select
        conversion_type,
        count(*) as conversions,
        sum(conversion_value) as conversion_value
    from {{ journeys }}
    where is_converting and touch_number = 1
    group by conversion_type
{%- endmacro %}


{#-
    The standard Markov allocation (the published removal-effect method): channel c of a
    conversion type gets conversions x RE_c / sum of RE and value x RE_c / sum of RE, over
    every channel of the chain (removal effects at or below 0 count 0). A channel-level
    result: it does not say which conversion a channel's credit comes from.
-#}
{% macro attribution_standard_markov_allocations(removal_effects, conversion_totals) -%}
    {%- set effect = 'case when removal_effects.removal_effect > 0 then removal_effects.removal_effect else 0 end' -%}
    {%- set effect_sum = 'sum(' ~ effect ~ ') over (partition by removal_effects.conversion_type)' -%}
    {%- set share = 'case when ' ~ effect_sum ~ ' > 0 then ' ~ effect ~ ' / ' ~ effect_sum ~ ' else 0 end' -%}
    select
        removal_effects.conversion_type,
        removal_effects.channel,
        removal_effects.removal_effect,
        {{ share }} as removal_effect_share,
        coalesce(conversion_totals.conversions, 0) as conversions,
        coalesce(conversion_totals.conversion_value, 0) as conversion_value,
        coalesce(conversion_totals.conversions, 0) * {{ share }} as attributed_conversions,
        coalesce(conversion_totals.conversion_value, 0) * {{ share }} as attributed_value
    from {{ removal_effects }} as removal_effects
    left join {{ conversion_totals }} as conversion_totals
        on removal_effects.conversion_type = conversion_totals.conversion_type
{%- endmacro %}
