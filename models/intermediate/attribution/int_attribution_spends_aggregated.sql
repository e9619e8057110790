{#-
    Ad spend per day and campaign, at the key attribution credits campaigns by
    (traffic_source, traffic_medium, campaign = the ads' utm_source, utm_medium, utm_campaign),
    in the reporting currency, with the campaign's channel group from the
    channel_rules seed (the same rules that group sessions). One row per
    (spend_date, traffic_source, traffic_medium, campaign).
-#}
with

stg_ads__daily_spends as (
    select * from {{ ref('stg_ads__daily_spends') }}
),

channel_rules as (
    select * from {{ ref('channel_rules') }}
),

spends_by_campaign_day as (
    select
        spend_date,
        coalesce(utm_source, '(not set)') as traffic_source,
        coalesce(utm_medium, '(not set)') as traffic_medium,
        coalesce(utm_campaign, '(not set)') as campaign,
        sum(spend_reporting) as spend,
        sum(impressions) as impressions,
        sum(clicks) as clicks,
        count(*) as spend_rows
    from stg_ads__daily_spends
    group by
        spend_date, coalesce(utm_source, '(not set)'), coalesce(utm_medium, '(not set)'),
        coalesce(utm_campaign, '(not set)')
),

distinct_campaigns as (
    select distinct
        traffic_source,
        traffic_medium,
        campaign
    from spends_by_campaign_day
),

campaigns_matched_to_rules as (
    select
        distinct_campaigns.traffic_source,
        distinct_campaigns.traffic_medium,
        distinct_campaigns.campaign,
        channel_rules.channel_group,
        row_number() over (
            partition by
                distinct_campaigns.traffic_source, distinct_campaigns.traffic_medium, distinct_campaigns.campaign
            order by channel_rules.rule_order
        ) as rule_rank
    from distinct_campaigns
    inner join channel_rules
        on (
            channel_rules.source_pattern is null
            or {{ journey.regex_matches('distinct_campaigns.traffic_source', 'channel_rules.source_pattern') }}
        )
        and (
            channel_rules.medium_pattern is null
            or {{ journey.regex_matches('distinct_campaigns.traffic_medium', 'channel_rules.medium_pattern') }}
        )
        and (
            channel_rules.campaign_pattern is null
            or {{ journey.regex_matches('distinct_campaigns.campaign', 'channel_rules.campaign_pattern') }}
        )
),

spends_with_channel as (
    select
        spends_by_campaign_day.spend_date,
        coalesce(campaigns_matched_to_rules.channel_group, '(unknown)') as channel_group,
        spends_by_campaign_day.traffic_source,
        spends_by_campaign_day.traffic_medium,
        spends_by_campaign_day.campaign,
        cast(spends_by_campaign_day.spend as {{ journey.type_double() }}) as spend,
        cast(spends_by_campaign_day.impressions as {{ dbt.type_bigint() }}) as impressions,
        cast(spends_by_campaign_day.clicks as {{ dbt.type_bigint() }}) as clicks,
        cast(spends_by_campaign_day.spend_rows as {{ dbt.type_bigint() }}) as spend_rows
    from spends_by_campaign_day
    left join campaigns_matched_to_rules
        on
            spends_by_campaign_day.traffic_source = campaigns_matched_to_rules.traffic_source
            and spends_by_campaign_day.traffic_medium = campaigns_matched_to_rules.traffic_medium
            and spends_by_campaign_day.campaign = campaigns_matched_to_rules.campaign
            and campaigns_matched_to_rules.rule_rank = 1
)

select * from spends_with_channel
