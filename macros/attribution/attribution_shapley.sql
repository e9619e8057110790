{#-
    Multi-touch attribution, step 4: Shapley credits, exactly, by subset enumeration in
    plain SQL. Each macro is one select (one CTE) of the Shapley models:

      int_attribution_journey_channels_coded    attribution_journey_channels, attribution_channel_sets_coded
      int_attribution_shapley_coalitions_valued attribution_channel_set_rates, attribution_converting_set_members,
                                                journey.whole_numbers, attribution_coalition_masks,
                                                attribution_set_coalitions, attribution_observed_subsets,
                                                attribution_coalition_values
      int_attribution_shapley_values_computed   attribution_converting_set_members,
                                                attribution_marginal_contributions, attribution_shapley_values,
                                                attribution_shapley_shares
      int_attribution_shapley_credits_assigned  attribution_converting_touches_with_channel_sets,
                                                attribution_shapley_credits

    A journey's channel set is a bit mask (bit = the channel's rank among the conversion
    type's channels). For the channel set T of a converting journey the players are the
    channels of T and the value of a coalition S (a subset of T) is
        v(S) = the highest conversion rate of the journeys (converting and open) whose
               channel set is exactly some observed U contained in S;  v(empty set) = 0.
    A channel's share of the conversion is its Shapley value over v(T). Journeys with more
    than max_channels distinct channels (var journey_attribution_shapley_max_channels),
    or whose conversion type has more than 62 channels (the mask is a bigint), get an equal
    split between their distinct channels instead, flagged with is_fallback_credit.
-#}

{#- 2^bit as a bigint (the mask of one channel). -#}
{% macro attribution_channel_bit_mask(bit) -%}
    cast(power(2, {{ bit }}) as {{ dbt.type_bigint() }})
{%- endmacro %}


{#- The distinct channels of every journey, each with its bit: its rank among the conversion type's channels. -#}
{% macro attribution_journey_channels(journeys) -%}
    select distinct
        journey_id,
        channel,
        conversion_type,
        is_converting,
        dense_rank() over (partition by conversion_type order by channel) - 1 as channel_bit
    from {{ journeys }}
{%- endmacro %}


{#-
    Every journey channel with the journey's channel set and its size. The set is null when a
    bit is 62 or more (the mask would not fit a bigint; 2^bit is only computed below that).
-#}
{% macro attribution_channel_sets_coded(journey_channels) -%}
    select
        *,
        case
            when max(channel_bit) over (partition by journey_id) < 62
                then sum(
                    case when channel_bit < 62 then {{ journey.attribution_channel_bit_mask('channel_bit') }} end
                ) over (partition by journey_id)
        end as channel_set,
        count(*) over (partition by journey_id) as distinct_channels
    from {{ journey_channels }}
{%- endmacro %}


{#- Conversion rate of every observed channel set: converting journeys / all journeys with exactly that set. -#}
{% macro attribution_channel_set_rates(journey_channels_coded) -%}
    select
        conversion_type,
        channel_set,
        cast(count(distinct case when is_converting then journey_id end) as {{ journey.type_double() }})
        / count(distinct journey_id) as conversion_rate
    from {{ journey_channels_coded }}
    where channel_set is not null
    group by conversion_type, channel_set
{%- endmacro %}


{#- The players of every converting channel set that is enumerated exactly, ranked 0..k-1 by bit. -#}
{% macro attribution_converting_set_members(journey_channels_coded, max_channels=none) -%}
    select distinct
        conversion_type,
        channel_set,
        distinct_channels,
        channel,
        channel_bit,
        dense_rank() over (partition by conversion_type, channel_set order by channel_bit) - 1 as member_rank
    from {{ journey_channels_coded }}
    where
        is_converting
        and channel_set is not null
        and distinct_channels <= {{ max_channels or var('journey_attribution_shapley_max_channels') }}
{%- endmacro %}



{#-
    How many decimal digits journey.whole_numbers needs to count the 2^max_channels coalition
    masks 0 .. 2^max_channels - 1 (the digits of 2^max_channels - 1).
-#}
{% macro attribution_coalition_mask_digits(max_channels=none) %}
    {{ return((2 ** (max_channels or var('journey_attribution_shapley_max_channels')) - 1) | string | length) }}
{% endmacro %}


{#-
    The 2^max_channels coalition masks over member ranks 0..max_channels-1, with their sizes
    (the bits set), from whole numbers (journey.whole_numbers, column coalition_mask, with
    attribution_coalition_mask_digits digits).
-#}
{% macro attribution_coalition_masks(whole_numbers, max_channels=none) -%}
    {%- set positions = range(max_channels or var('journey_attribution_shapley_max_channels')) -%}
    select
        coalition_mask,
        {% for position in positions -%}
        {%- set has_bit = journey.bitwise_and('coalition_mask', 2 ** position) ~ ' != 0' -%}
        {{ '+ ' if not loop.first }}case when {{ has_bit }} then 1 else 0 end
        {% endfor -%} as coalition_size
    from {{ whole_numbers }}
    where coalition_mask < {{ 2 ** positions | length }}
{%- endmacro %}


{#- Every coalition of every converting channel set (the masks below 2^k), as a channel set of its own. -#}
{% macro attribution_set_coalitions(converting_set_members, coalition_masks) -%}
    select
        members.conversion_type,
        members.channel_set,
        members.distinct_channels,
        masks.coalition_mask,
        masks.coalition_size,
        coalesce(sum(
            case
                when {{ journey.bitwise_and('masks.coalition_mask',
                    journey.attribution_channel_bit_mask('members.member_rank')) }} != 0
                    then {{ journey.attribution_channel_bit_mask('members.channel_bit') }}
            end
        ), 0) as coalition_channel_set
    from {{ converting_set_members }} as members
    inner join {{ coalition_masks }} as masks
        on masks.coalition_mask < power(2, members.distinct_channels)
    group by
        members.conversion_type,
        members.channel_set,
        members.distinct_channels,
        masks.coalition_mask,
        masks.coalition_size
{%- endmacro %}


{#- The observed channel sets contained in each converting channel set, with their conversion rates. -#}
{% macro attribution_observed_subsets(converting_set_members, channel_set_rates) -%}
    select
        converting_sets.conversion_type,
        converting_sets.channel_set,
        rates.channel_set as observed_subset,
        rates.conversion_rate
    from (
        select distinct
            conversion_type,
            channel_set
        from {{ converting_set_members }}
    ) as converting_sets
    inner join {{ channel_set_rates }} as rates
        on
            converting_sets.conversion_type = rates.conversion_type
            and {{ journey.bitwise_and('converting_sets.channel_set', 'rates.channel_set') }} = rates.channel_set
{%- endmacro %}


{#-
    v(S): the highest conversion rate of the observed sets contained in the coalition, 0 if
    none. Every coalition finds its own set's observed subsets (T itself is one), so the
    join is on equality only and the containment test sits in the max.
-#}
{% macro attribution_coalition_values(set_coalitions, observed_subsets) -%}
    select
        coalitions.conversion_type,
        coalitions.channel_set,
        coalitions.distinct_channels,
        coalitions.coalition_channel_set,
        coalitions.coalition_size,
        max(
            case
                when {{ journey.bitwise_and('coalitions.coalition_channel_set', 'observed_subsets.observed_subset') }}
                    = observed_subsets.observed_subset
                    then observed_subsets.conversion_rate
                else 0
            end
        ) as coalition_value
    from {{ set_coalitions }} as coalitions
    inner join {{ observed_subsets }} as observed_subsets
        on
            coalitions.conversion_type = observed_subsets.conversion_type
            and coalitions.channel_set = observed_subsets.channel_set
    group by
        coalitions.conversion_type,
        coalitions.channel_set,
        coalitions.distinct_channels,
        coalitions.coalition_channel_set,
        coalitions.coalition_size
{%- endmacro %}


{#-
    Every marginal contribution v(S + c) - v(S) of every member c, over the coalitions S of T
    without c, with the number of such coalitions of the same size: C(k - 1, |S|).
-#}
{% macro attribution_marginal_contributions(converting_set_members, coalition_values) -%}
    select
        members.conversion_type,
        members.channel_set,
        members.channel,
        members.distinct_channels,
        with_channel.coalition_value - without_channel.coalition_value as marginal_contribution,
        count(*) over (
            partition by members.conversion_type, members.channel_set, members.channel, without_channel.coalition_size
        ) as coalitions_of_the_size
    from {{ converting_set_members }} as members
    inner join {{ coalition_values }} as without_channel
        on
            members.conversion_type = without_channel.conversion_type
            and members.channel_set = without_channel.channel_set
            and {{ journey.bitwise_and('without_channel.coalition_channel_set',
                journey.attribution_channel_bit_mask('members.channel_bit')) }} = 0
    inner join {{ coalition_values }} as with_channel
        on
            without_channel.conversion_type = with_channel.conversion_type
            and without_channel.channel_set = with_channel.channel_set
            and with_channel.coalition_channel_set
            = without_channel.coalition_channel_set + {{ journey.attribution_channel_bit_mask('members.channel_bit') }}
{%- endmacro %}


{#-
    phi_c = sum over the coalitions S without c of |S|! (k - |S| - 1)! / k! (v(S + c) - v(S)),
    the weight being 1 / (k C(k - 1, |S|)).
-#}
{% macro attribution_shapley_values(marginal_contributions) -%}
    select
        conversion_type,
        channel_set,
        channel,
        distinct_channels,
        sum(
            marginal_contribution
            / (cast(distinct_channels as {{ journey.type_double() }}) * coalitions_of_the_size)
        ) as shapley_value
    from {{ marginal_contributions }}
    group by conversion_type, channel_set, channel, distinct_channels
{%- endmacro %}


{#- A channel's share of a conversion with channel set T: phi_c / v(T) (the shares of a set sum to 1). -#}
{% macro attribution_shapley_shares(shapley_values, coalition_values) -%}
    select
        shapley_values.*,
        grand_coalitions.coalition_value as grand_coalition_value,
        shapley_values.shapley_value / grand_coalitions.coalition_value as shapley_share
    from {{ shapley_values }} as shapley_values
    inner join {{ coalition_values }} as grand_coalitions
        on
            shapley_values.conversion_type = grand_coalitions.conversion_type
            and shapley_values.channel_set = grand_coalitions.channel_set
            and shapley_values.channel_set = grand_coalitions.coalition_channel_set
{%- endmacro %}


{#- The touches of converting journeys with their journey's channel set and the touches of their channel. -#}
{% macro attribution_converting_touches_with_channel_sets(journeys, journey_channels_coded) -%}
    select
        journeys.*,
        coded.channel_set,
        coded.distinct_channels,
        count(*) over (partition by journeys.journey_id, journeys.channel) as channel_touches_in_journey
    from {{ journeys }} as journeys
    inner join {{ journey_channels_coded }} as coded
        on
            journeys.journey_id = coded.journey_id
            and journeys.channel = coded.channel
    where journeys.is_converting
{%- endmacro %}


{#-
    Shapley credits: the channel's share split equally between its touches in the journey;
    an equal split between the distinct channels where the set is not enumerated (fallback).
-#}
{% macro attribution_shapley_credits(converting_touches_with_channel_sets, shapley_shares, dimension_columns=[]) -%}
    select
        'shapley' as attribution_model,
        {{ journey.attribution_credit_columns('touches', dimension_columns) | indent(4) }}
        cast(
            coalesce(channel_shares.shapley_share, cast(1 as {{ journey.type_double() }}) / touches.distinct_channels)
            / touches.channel_touches_in_journey
            as {{ journey.type_double() }}
        ) as credit,
        channel_shares.shapley_share is null as is_fallback_credit
    from {{ converting_touches_with_channel_sets }} as touches
    left join {{ shapley_shares }} as channel_shares
        on
            touches.conversion_type = channel_shares.conversion_type
            and touches.channel_set = channel_shares.channel_set
            and touches.channel = channel_shares.channel
    where coalesce(channel_shares.shapley_share, 1) > 0
{%- endmacro %}

