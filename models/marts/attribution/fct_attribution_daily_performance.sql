{#-
    fct_attribution_campaign_performance at the grain of a day: spend against
    attributed conversions per day, campaign, conversion type and attribution
    model, so that the semantic layer can roll it up to any time grain. As in the
    performance marts, credits (by the day of the conversion) and spend (by the
    day of the spend) are each summed to (day, campaign) before they meet, and
    every campaign's spend appears for every (conversion type, model). spend is
    that repeated figure (the numerator of CPA, ROAS and CAC per model);
    spend_counted_once keeps it on the rows of one (conversion type, model) pair
    only, so that it adds up to the real spend whatever the grouping.
-#}
with

fct_attribution_credits as (
    select * from {{ ref('fct_attribution_credits') }}
),

int_attribution_spends_aggregated as (
    select * from {{ ref('int_attribution_spends_aggregated') }}
),

credits_by_day as (
    select
        converted_date as performance_date,
        conversion_type,
        attribution_model,
        channel_group,
        traffic_source,
        traffic_medium,
        campaign,
        sum(credit) as attributed_conversions,
        sum(credited_value) as attributed_value,
        sum(case when is_first_conversion then credit else 0 end) as attributed_first_conversions
    from fct_attribution_credits
    group by
        converted_date, conversion_type, attribution_model, channel_group, traffic_source, traffic_medium, campaign
),

spends_by_day as (
    select
        spend_date as performance_date,
        channel_group,
        traffic_source,
        traffic_medium,
        campaign,
        sum(spend) as spend,
        sum(impressions) as impressions,
        sum(clicks) as clicks
    from int_attribution_spends_aggregated
    group by spend_date, channel_group, traffic_source, traffic_medium, campaign
),

conversion_types_and_models as (
    select
        conversion_type,
        attribution_model,
        row_number() over (order by conversion_type, attribution_model) as pair_number
    from (
        select distinct
            conversion_type,
            attribution_model
        from fct_attribution_credits
    ) as distinct_pairs
),

spends_by_day_and_model as (
    select
        spends_by_day.*,
        conversion_types_and_models.conversion_type,
        conversion_types_and_models.attribution_model,
        case when conversion_types_and_models.pair_number = 1 then spends_by_day.spend else 0 end
            as spend_counted_once
    from spends_by_day
    cross join conversion_types_and_models
),

spends_joined_to_credits as (
    select
        coalesce(credits_by_day.performance_date, spends_by_day_and_model.performance_date) as performance_date,
        coalesce(credits_by_day.conversion_type, spends_by_day_and_model.conversion_type) as conversion_type,
        coalesce(credits_by_day.attribution_model, spends_by_day_and_model.attribution_model) as attribution_model,
        coalesce(credits_by_day.channel_group, spends_by_day_and_model.channel_group) as channel_group,
        coalesce(credits_by_day.traffic_source, spends_by_day_and_model.traffic_source) as traffic_source,
        coalesce(credits_by_day.traffic_medium, spends_by_day_and_model.traffic_medium) as traffic_medium,
        coalesce(credits_by_day.campaign, spends_by_day_and_model.campaign) as campaign,
        coalesce(spends_by_day_and_model.spend, 0) as spend,
        coalesce(spends_by_day_and_model.spend_counted_once, 0) as spend_counted_once,
        coalesce(spends_by_day_and_model.impressions, 0) as impressions,
        coalesce(spends_by_day_and_model.clicks, 0) as clicks,
        coalesce(credits_by_day.attributed_conversions, 0) as attributed_conversions,
        coalesce(credits_by_day.attributed_value, 0) as attributed_value,
        coalesce(credits_by_day.attributed_first_conversions, 0) as attributed_first_conversions
    from credits_by_day
    full outer join spends_by_day_and_model
        on
            credits_by_day.performance_date = spends_by_day_and_model.performance_date
            and credits_by_day.conversion_type = spends_by_day_and_model.conversion_type
            and credits_by_day.attribution_model = spends_by_day_and_model.attribution_model
            and credits_by_day.channel_group = spends_by_day_and_model.channel_group
            and credits_by_day.traffic_source = spends_by_day_and_model.traffic_source
            and credits_by_day.traffic_medium = spends_by_day_and_model.traffic_medium
            and credits_by_day.campaign = spends_by_day_and_model.campaign
),

performance_typed as (
    select
        cast(performance_date as date) as performance_date,
        cast(conversion_type as {{ dbt.type_string() }}) as conversion_type,
        cast(attribution_model as {{ dbt.type_string() }}) as attribution_model,
        cast(channel_group as {{ dbt.type_string() }}) as channel_group,
        cast(traffic_source as {{ dbt.type_string() }}) as traffic_source,
        cast(traffic_medium as {{ dbt.type_string() }}) as traffic_medium,
        cast(campaign as {{ dbt.type_string() }}) as campaign,
        cast(spend as {{ journey.type_double() }}) as spend,
        cast(spend_counted_once as {{ journey.type_double() }}) as spend_counted_once,
        cast(impressions as {{ dbt.type_bigint() }}) as impressions,
        cast(clicks as {{ dbt.type_bigint() }}) as clicks,
        cast(attributed_conversions as {{ journey.type_double() }}) as attributed_conversions,
        cast(attributed_value as {{ journey.type_double() }}) as attributed_value,
        cast(attributed_first_conversions as {{ journey.type_double() }}) as attributed_first_conversions
    from spends_joined_to_credits
)

select * from performance_typed
