{#-
    Every attribution model per channel group: the models of fct_attribution_credits
    and the standard Markov allocation ('markov_standard', channel level only), with a
    zero row for every (conversion type, model, channel group) without credit.
-#}
with

fct_attribution_credits as (
    select * from {{ ref('fct_attribution_credits') }}
),

int_attribution_standard_markov_allocations_computed as (
    select * from {{ ref('int_attribution_standard_markov_allocations_computed') }}
),

credits_by_channel as (
    select
        conversion_type,
        attribution_model,
        channel_group,
        sum(credit) as attributed_conversions,
        sum(credited_value) as attributed_value
    from fct_attribution_credits
    group by conversion_type, attribution_model, channel_group
),

standard_markov_by_channel as (
    select
        conversion_type,
        'markov_standard' as attribution_model,
        channel as channel_group,
        attributed_conversions,
        attributed_value
    from int_attribution_standard_markov_allocations_computed
),

attributions_by_channel as (
    select * from credits_by_channel
    union all
    select * from standard_markov_by_channel
),

models_of_conversion_types as (
    select distinct
        conversion_type,
        attribution_model
    from attributions_by_channel
),

channel_groups as (
    select distinct channel_group from attributions_by_channel
),

attributions_with_zero_rows as (
    select
        models_of_conversion_types.conversion_type,
        models_of_conversion_types.attribution_model,
        channel_groups.channel_group,
        coalesce(attributions_by_channel.attributed_conversions, 0) as attributed_conversions,
        coalesce(attributions_by_channel.attributed_value, 0) as attributed_value
    from models_of_conversion_types
    cross join channel_groups
    left join attributions_by_channel
        on
            models_of_conversion_types.conversion_type = attributions_by_channel.conversion_type
            and models_of_conversion_types.attribution_model = attributions_by_channel.attribution_model
            and channel_groups.channel_group = attributions_by_channel.channel_group
),

credits_with_share as (
    select
        *,
        {{ journey.attribution_share_columns() | indent(8) }}
    from attributions_with_zero_rows
),

comparison as (
    select
        cast(conversion_type as {{ dbt.type_string() }}) as conversion_type,
        cast(attribution_model as {{ dbt.type_string() }}) as attribution_model,
        cast(channel_group as {{ dbt.type_string() }}) as channel_group,
        cast(attributed_conversions as {{ journey.type_double() }}) as attributed_conversions,
        cast(attributed_value as {{ journey.type_double() }}) as attributed_value,
        cast(conversion_share as {{ journey.type_double() }}) as conversion_share,
        cast(value_share as {{ journey.type_double() }}) as value_share
    from credits_with_share
)

select * from comparison
