{#-
    Shapley values of the channel groups of every converting channel set T
    enumerated exactly: phi_c = the weighted sum of c's marginal contributions
    v(S + c) - v(S) over the coalitions S of T without c (weight |S|! (k - |S| - 1)! / k!
    = 1 / (k C(k - 1, |S|)), C(k - 1, |S|) counted as the coalitions of that size),
    and c's share of a conversion with channel set T, phi_c / v(T). The shares
    of a set sum to 1.
-#}
with

int_attribution_journey_channels_coded as (
    select * from {{ ref('int_attribution_journey_channels_coded') }}
),

int_attribution_shapley_coalitions_valued as (
    select * from {{ ref('int_attribution_shapley_coalitions_valued') }}
),

converting_set_members as (
    {{ journey.attribution_converting_set_members('int_attribution_journey_channels_coded') }}
),

marginal_contributions as (
    {{ journey.attribution_marginal_contributions(
        'converting_set_members', 'int_attribution_shapley_coalitions_valued') }}
),

shapley_values as (
    {{ journey.attribution_shapley_values('marginal_contributions') }}
),

shapley_shares as (
    {{ journey.attribution_shapley_shares('shapley_values', 'int_attribution_shapley_coalitions_valued') }}
),

shapley_shares_typed as (
    select
        conversion_type,
        cast(channel_set as {{ dbt.type_bigint() }}) as channel_set,
        channel,
        cast(distinct_channels as {{ dbt.type_bigint() }}) as distinct_channels,
        cast(shapley_value as {{ journey.type_double() }}) as shapley_value,
        cast(grand_coalition_value as {{ journey.type_double() }}) as grand_coalition_value,
        cast(shapley_share as {{ journey.type_double() }}) as shapley_share
    from shapley_shares
)

select * from shapley_shares_typed
