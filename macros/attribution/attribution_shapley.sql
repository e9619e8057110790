{#-
    Shapley credits, exactly, by subset enumeration in plain SQL.

    A journey's channel set is coded as a bit mask (bit = the channel's rank
    among the conversion type's channels). For the channel set T of a
    converting journey, the players are the channels of T and the value of a
    coalition S (a subset of T) is

        v(S) = the highest conversion rate of journeys (converting and open)
               whose channel set is exactly some observed U contained in S;
        v(empty set) = 0.

    v is monotone and non-negative, so every Shapley value is >= 0, and
    v(T) >= the conversion rate of T itself > 0. A channel's share of the
    conversion is its Shapley value over v(T) (efficiency: the shares sum to 1);
    the share is split equally between the channel's touches in the journey.

    Journeys with more than max_channels distinct channels (var
    journey_attribution_shapley_max_channels; 2^k coalitions each), or whose
    conversion type has more than 62 channels (the mask is a bigint), fall back
    to an equal split between their distinct channels (the Shapley value of the
    game where only the whole set converts), flagged with is_fallback_credit.
-#}
{% macro attribution_shapley_credits_sql(journeys, dimension_columns=[], max_channels=none) %}
    {%- set max_channels = max_channels or var('journey_attribution_shapley_max_channels') -%}
    {%- set bigint_type = dbt.type_bigint() -%}
    with

    attribution_journeys as (
        select * from {{ journeys }}
    ),

    journey_channels as (
        select distinct
            conversion_type,
            journey_id,
            is_converting,
            channel
        from attribution_journeys
    ),

    channel_bits as (
        select
            conversion_type,
            channel,
            dense_rank() over (partition by conversion_type order by channel) - 1 as channel_bit
        from (select distinct conversion_type, channel from journey_channels) as distinct_channels
    ),

    journey_channel_sets as (
        select
            journey_channels.conversion_type,
            journey_channels.journey_id,
            max(case when journey_channels.is_converting then 1 else 0 end) as is_converted,
            count(*) as distinct_channels,
            max(channel_bits.channel_bit) as highest_channel_bit,
            sum(
                case
                    when channel_bits.channel_bit < 62
                        then cast(power(2, channel_bits.channel_bit) as {{ bigint_type }})
                end
            ) as channel_set
        from journey_channels
        inner join channel_bits
            on
                journey_channels.conversion_type = channel_bits.conversion_type
                and journey_channels.channel = channel_bits.channel
        group by journey_channels.conversion_type, journey_channels.journey_id
    ),

    channel_set_rates as (
        select
            conversion_type,
            channel_set,
            cast(sum(is_converted) as {{ journey.type_double() }}) / count(*) as conversion_rate
        from journey_channel_sets
        where highest_channel_bit < 62
        group by conversion_type, channel_set
    ),

    converting_channel_sets as (
        select distinct
            conversion_type,
            channel_set,
            distinct_channels
        from journey_channel_sets
        where is_converted = 1 and highest_channel_bit < 62 and distinct_channels <= {{ max_channels }}
    ),

    channel_set_members as (
        select
            converting_channel_sets.conversion_type,
            converting_channel_sets.channel_set,
            converting_channel_sets.distinct_channels,
            channel_bits.channel,
            channel_bits.channel_bit,
            row_number() over (
                partition by converting_channel_sets.conversion_type, converting_channel_sets.channel_set
                order by channel_bits.channel_bit
            ) - 1 as member_rank
        from converting_channel_sets
        inner join channel_bits
            on
                converting_channel_sets.conversion_type = channel_bits.conversion_type
                and {{ journey.bitwise_and(
                    'converting_channel_sets.channel_set',
                    'cast(power(2, channel_bits.channel_bit) as ' ~ bigint_type ~ ')') }} != 0
    ),

    mask_bits as (
        select 0 as bit_value
        union all
        select 1 as bit_value
    ),

    coalition_masks as (
        select
            {% for position in range(max_channels) -%}
            {{ 2 ** position }} * bit_{{ position }}.bit_value{{ ' +' if not loop.last }}
            {% endfor -%} as coalition_mask,
            {% for position in range(max_channels) -%}
            bit_{{ position }}.bit_value{{ ' +' if not loop.last }}
            {% endfor -%} as coalition_size
        from mask_bits as bit_0
        {%- for position in range(1, max_channels) %}
        cross join mask_bits as bit_{{ position }}
        {%- endfor %}
    ),

    shapley_weights as (
        {#- weight of a coalition of s others among k players: s! (k - s - 1)! / k! = 1 / (k * C(k - 1, s)) -#}
        {%- set weights = [] -%}
        {%- for players in range(1, max_channels + 1) -%}
            {%- set binomial = namespace(value=1) -%}
            {%- for size in range(players) -%}
                {%- do weights.append(
                    'select ' ~ players ~ ' as players, ' ~ size ~ ' as coalition_size, cast(1 as '
                    ~ journey.type_double() ~ ') / ' ~ (players * binomial.value) ~ ' as weight') -%}
                {%- set binomial.value = binomial.value * (players - 1 - size) // (size + 1) -%}
            {%- endfor -%}
        {%- endfor %}
        {{ weights | join('\n        union all\n        ') }}
    ),

    set_coalitions as (
        select
            converting_channel_sets.conversion_type,
            converting_channel_sets.channel_set,
            converting_channel_sets.distinct_channels,
            coalition_masks.coalition_mask,
            coalition_masks.coalition_size
        from converting_channel_sets
        cross join coalition_masks
        where coalition_masks.coalition_mask < power(2, converting_channel_sets.distinct_channels)
    ),

    coalition_channel_sets as (
        select
            set_coalitions.conversion_type,
            set_coalitions.channel_set,
            set_coalitions.coalition_mask,
            sum(cast(power(2, channel_set_members.channel_bit) as {{ bigint_type }})) as coalition_channel_set
        from set_coalitions
        inner join channel_set_members
            on
                set_coalitions.conversion_type = channel_set_members.conversion_type
                and set_coalitions.channel_set = channel_set_members.channel_set
                and {{ journey.bitwise_and(
                    'set_coalitions.coalition_mask',
                    'cast(power(2, channel_set_members.member_rank) as ' ~ bigint_type ~ ')') }} != 0
        group by set_coalitions.conversion_type, set_coalitions.channel_set, set_coalitions.coalition_mask
    ),

    observed_subsets as (
        select
            converting_channel_sets.conversion_type,
            converting_channel_sets.channel_set,
            channel_set_rates.channel_set as observed_subset,
            channel_set_rates.conversion_rate
        from converting_channel_sets
        inner join channel_set_rates
            on
                converting_channel_sets.conversion_type = channel_set_rates.conversion_type
                and {{ journey.bitwise_and('converting_channel_sets.channel_set', 'channel_set_rates.channel_set') }}
                = channel_set_rates.channel_set
    ),

    coalition_values as (
        select
            set_coalitions.conversion_type,
            set_coalitions.channel_set,
            set_coalitions.distinct_channels,
            set_coalitions.coalition_mask,
            set_coalitions.coalition_size,
            coalesce(max(observed_subsets.conversion_rate), 0) as coalition_value
        from set_coalitions
        left join coalition_channel_sets
            on
                set_coalitions.conversion_type = coalition_channel_sets.conversion_type
                and set_coalitions.channel_set = coalition_channel_sets.channel_set
                and set_coalitions.coalition_mask = coalition_channel_sets.coalition_mask
        left join observed_subsets
            on
                set_coalitions.conversion_type = observed_subsets.conversion_type
                and set_coalitions.channel_set = observed_subsets.channel_set
                and {{ journey.bitwise_and(
                    'coalesce(coalition_channel_sets.coalition_channel_set, 0)', 'observed_subsets.observed_subset') }}
                = observed_subsets.observed_subset
        group by
            set_coalitions.conversion_type,
            set_coalitions.channel_set,
            set_coalitions.distinct_channels,
            set_coalitions.coalition_mask,
            set_coalitions.coalition_size
    ),

    shapley_values as (
        select
            channel_set_members.conversion_type,
            channel_set_members.channel_set,
            channel_set_members.channel,
            sum(
                shapley_weights.weight * (with_channel.coalition_value - without_channel.coalition_value)
            ) as shapley_value
        from channel_set_members
        inner join coalition_values as without_channel
            on
                channel_set_members.conversion_type = without_channel.conversion_type
                and channel_set_members.channel_set = without_channel.channel_set
                and {{ journey.bitwise_and(
                    'without_channel.coalition_mask',
                    'cast(power(2, channel_set_members.member_rank) as ' ~ bigint_type ~ ')') }} = 0
        inner join coalition_values as with_channel
            on
                without_channel.conversion_type = with_channel.conversion_type
                and without_channel.channel_set = with_channel.channel_set
                and with_channel.coalition_mask
                = without_channel.coalition_mask
                + cast(power(2, channel_set_members.member_rank) as {{ bigint_type }})
        inner join shapley_weights
            on
                channel_set_members.distinct_channels = shapley_weights.players
                and without_channel.coalition_size = shapley_weights.coalition_size
        group by channel_set_members.conversion_type, channel_set_members.channel_set, channel_set_members.channel
    ),

    grand_coalition_values as (
        select
            conversion_type,
            channel_set,
            coalition_value as grand_coalition_value
        from coalition_values
        where coalition_mask = power(2, distinct_channels) - 1
    ),

    converting_touches as (
        select
            attribution_journeys.*,
            journey_channel_sets.channel_set,
            journey_channel_sets.distinct_channels,
            count(*) over (
                partition by attribution_journeys.journey_id, attribution_journeys.channel
            ) as channel_touches_in_journey
        from attribution_journeys
        inner join journey_channel_sets
            on attribution_journeys.journey_id = journey_channel_sets.journey_id
        where attribution_journeys.is_converting
    ),

    shapley_credits as (
        select
            'shapley' as attribution_model,
            {{ journey.attribution_credit_columns('converting_touches', dimension_columns) }}
            cast(
                coalesce(
                    shapley_values.shapley_value / grand_coalition_values.grand_coalition_value,
                    cast(1 as {{ journey.type_double() }}) / converting_touches.distinct_channels
                ) / converting_touches.channel_touches_in_journey
                as {{ journey.type_double() }}
            ) as credit,
            shapley_values.shapley_value is null as is_fallback_credit
        from converting_touches
        left join shapley_values
            on
                converting_touches.conversion_type = shapley_values.conversion_type
                and converting_touches.channel_set = shapley_values.channel_set
                and converting_touches.channel = shapley_values.channel
        left join grand_coalition_values
            on
                converting_touches.conversion_type = grand_coalition_values.conversion_type
                and converting_touches.channel_set = grand_coalition_values.channel_set
    )

    select * from shapley_credits
    where credit > 0
{% endmacro %}


{#- Bitwise and of two integers. -#}
{% macro bitwise_and(left, right) %}
    {{ return(adapter.dispatch('bitwise_and', 'journey')(left, right)) }}
{% endmacro %}

{% macro default__bitwise_and(left, right) -%}
    ({{ left }} & {{ right }})
{%- endmacro %}
