{#-
    The Shapley game of every converting channel set T enumerated exactly (at
    most journey_attribution_shapley_max_channels channel groups): every
    coalition S of T with its value v(S), the highest conversion rate of the
    observed channel sets contained in S (0 if none). The conversion rate of a
    channel set is converting journeys / all journeys with exactly that set.
-#}
with

int_attribution_journey_channels_coded as (
    select * from {{ ref('int_attribution_journey_channels_coded') }}
),

channel_set_rates as (
    {{ journey.attribution_channel_set_rates('int_attribution_journey_channels_coded') }}
),

converting_set_members as (
    {{ journey.attribution_converting_set_members('int_attribution_journey_channels_coded') }}
),

coalition_mask_numbers as (
    {{ journey.whole_numbers('coalition_mask', journey.attribution_coalition_mask_digits()) }}
),

coalition_masks as (
    {{ journey.attribution_coalition_masks('coalition_mask_numbers') }}
),

set_coalitions as (
    {{ journey.attribution_set_coalitions('converting_set_members', 'coalition_masks') }}
),

observed_subsets as (
    {{ journey.attribution_observed_subsets('converting_set_members', 'channel_set_rates') }}
),

coalition_values as (
    {{ journey.attribution_coalition_values('set_coalitions', 'observed_subsets') }}
),

coalition_values_typed as (
    select
        conversion_type,
        cast(channel_set as {{ dbt.type_bigint() }}) as channel_set,
        cast(distinct_channels as {{ dbt.type_bigint() }}) as distinct_channels,
        cast(coalition_channel_set as {{ dbt.type_bigint() }}) as coalition_channel_set,
        cast(coalition_size as {{ dbt.type_bigint() }}) as coalition_size,
        cast(coalition_value as {{ journey.type_double() }}) as coalition_value
    from coalition_values
)

select * from coalition_values_typed
