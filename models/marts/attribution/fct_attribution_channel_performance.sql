{#-
    fct_attribution_campaign_performance rolled up to channel groups: spend and
    attributed conversions add up across campaigns, the ratios are recomputed
    from the sums.
-#}
with

fct_attribution_campaign_performance as (
    select * from {{ ref('fct_attribution_campaign_performance') }}
),

channel_totals as (
    select
        period_grain,
        period_start_date,
        conversion_type,
        attribution_model,
        channel_group,
        sum(spend) as spend,
        sum(impressions) as impressions,
        sum(clicks) as clicks,
        sum(attributed_conversions) as attributed_conversions,
        sum(attributed_value) as attributed_value,
        sum(attributed_first_conversions) as attributed_first_conversions
    from fct_attribution_campaign_performance
    group by period_grain, period_start_date, conversion_type, attribution_model, channel_group
),

performance as (
    select
        cast(period_grain as {{ dbt.type_string() }}) as period_grain,
        cast(period_start_date as date) as period_start_date,
        cast(conversion_type as {{ dbt.type_string() }}) as conversion_type,
        cast(attribution_model as {{ dbt.type_string() }}) as attribution_model,
        cast(channel_group as {{ dbt.type_string() }}) as channel_group,
        {{ journey.attribution_performance_columns() | indent(8) }}
    from channel_totals
)

select * from performance
