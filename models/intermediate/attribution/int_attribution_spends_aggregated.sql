{#-
    Ad spend per day and campaign, at the key attribution credits campaigns by
    (traffic_source, traffic_medium, campaign = the ads' utm_source, utm_medium, utm_campaign),
    in the reporting currency, with the campaign's channel group from the
    channel_rules seed, matched by journey.channel_groups_matched (the matcher that
    groups events in staging; 'Unassigned' when no rule matches). One row per
    (spend_date, traffic_source, traffic_medium, campaign).
-#}
with

stg_ads__daily_spends as (
    select * from {{ ref('stg_ads__daily_spends') }}
),

channel_rules as (
    select * from {{ ref('channel_rules') }}
),

spends_keyed_by_campaign as (
    select
        spend_date,
        coalesce(utm_source, {{ journey.label('not_set') }}) as traffic_source,
        coalesce(utm_medium, {{ journey.label('not_set') }}) as traffic_medium,
        coalesce(utm_campaign, {{ journey.label('not_set') }}) as campaign,
        spend_reporting,
        impressions,
        clicks
    from stg_ads__daily_spends
),

spends_by_campaign_day as (
    select
        spend_date,
        traffic_source,
        traffic_medium,
        campaign,
        sum(spend_reporting) as spend,
        sum(impressions) as impressions,
        sum(clicks) as clicks,
        count(*) as spend_rows
    from spends_keyed_by_campaign
    group by spend_date, traffic_source, traffic_medium, campaign
),

distinct_campaigns as (
    select distinct
        traffic_source,
        traffic_medium,
        campaign
    from spends_by_campaign_day
),

channel_by_campaign as (
    {{ journey.channel_groups_matched(
        'distinct_campaigns', 'channel_rules', 'traffic_source', 'traffic_medium', 'campaign'
    ) }}
),

spends_with_channel as (
    select
        spends_by_campaign_day.spend_date,
        channel_by_campaign.channel_group,
        spends_by_campaign_day.traffic_source,
        spends_by_campaign_day.traffic_medium,
        spends_by_campaign_day.campaign,
        cast(spends_by_campaign_day.spend as {{ journey.type_double() }}) as spend,
        cast(spends_by_campaign_day.impressions as {{ dbt.type_bigint() }}) as impressions,
        cast(spends_by_campaign_day.clicks as {{ dbt.type_bigint() }}) as clicks,
        cast(spends_by_campaign_day.spend_rows as {{ dbt.type_bigint() }}) as spend_rows
    from spends_by_campaign_day
    left join channel_by_campaign
        on
            spends_by_campaign_day.traffic_source = channel_by_campaign.traffic_source
            and spends_by_campaign_day.traffic_medium = channel_by_campaign.traffic_medium
            and spends_by_campaign_day.campaign = channel_by_campaign.campaign
)

select * from spends_with_channel
