{#-
    Every credit model of fct_attribution_credits per campaign, with a zero row for
    every (conversion type, model, campaign) without credit. The standard Markov
    allocation is channel level: it is in fct_attribution_channel_comparison only.
-#}
with

fct_attribution_credits as (
    select * from {{ ref('fct_attribution_credits') }}
),

credits_by_campaign as (
    select
        conversion_type,
        attribution_model,
        channel_group,
        traffic_source,
        traffic_medium,
        campaign,
        sum(credit) as attributed_conversions,
        sum(credited_value) as attributed_value
    from fct_attribution_credits
    group by conversion_type, attribution_model, channel_group, traffic_source, traffic_medium, campaign
),

models_of_conversion_types as (
    select distinct
        conversion_type,
        attribution_model
    from credits_by_campaign
),

campaigns as (
    select distinct
        channel_group,
        traffic_source,
        traffic_medium,
        campaign
    from credits_by_campaign
),

credits_with_zero_rows as (
    select
        models_of_conversion_types.conversion_type,
        models_of_conversion_types.attribution_model,
        campaigns.channel_group,
        campaigns.traffic_source,
        campaigns.traffic_medium,
        campaigns.campaign,
        coalesce(credits_by_campaign.attributed_conversions, 0) as attributed_conversions,
        coalesce(credits_by_campaign.attributed_value, 0) as attributed_value
    from models_of_conversion_types
    cross join campaigns
    left join credits_by_campaign
        on
            models_of_conversion_types.conversion_type = credits_by_campaign.conversion_type
            and models_of_conversion_types.attribution_model = credits_by_campaign.attribution_model
            and campaigns.channel_group = credits_by_campaign.channel_group
            and campaigns.traffic_source = credits_by_campaign.traffic_source
            and campaigns.traffic_medium = credits_by_campaign.traffic_medium
            and campaigns.campaign = credits_by_campaign.campaign
),

credits_with_share as (
    select
        *,
        {{ journey.attribution_share_columns() | indent(8) }}
    from credits_with_zero_rows
),

comparison as (
    select
        cast(conversion_type as {{ dbt.type_string() }}) as conversion_type,
        cast(attribution_model as {{ dbt.type_string() }}) as attribution_model,
        cast(channel_group as {{ dbt.type_string() }}) as channel_group,
        cast(traffic_source as {{ dbt.type_string() }}) as traffic_source,
        cast(traffic_medium as {{ dbt.type_string() }}) as traffic_medium,
        cast(campaign as {{ dbt.type_string() }}) as campaign,
        cast(attributed_conversions as {{ journey.type_double() }}) as attributed_conversions,
        cast(attributed_value as {{ journey.type_double() }}) as attributed_value,
        cast(conversion_share as {{ journey.type_double() }}) as conversion_share,
        cast(value_share as {{ journey.type_double() }}) as value_share
    from credits_with_share
)

select * from comparison
