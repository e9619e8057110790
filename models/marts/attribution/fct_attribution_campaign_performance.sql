{#-
    Spend against attributed conversions per campaign, model and period (week, month):
    fct_attribution_daily_performance rolled up. Both sides were summed to (day, campaign)
    before they met there, so spend is never repeated per conversion or per touch: credits
    by the period of the conversion, spend by the period of the spend day. Every campaign
    with spend appears for every (conversion type, model), with zero conversions when it
    got no credit.
-#}
{%- set period_grains = ['week', 'month'] -%}
with

fct_attribution_daily_performance as (
    select * from {{ ref('fct_attribution_daily_performance') }}
),

performance_by_period as (
    {%- for grain in period_grains %}
        select
            '{{ grain }}' as period_grain,
            cast({{ dbt.date_trunc(grain, 'performance_date') }} as date) as period_start_date,
            conversion_type,
            attribution_model,
            channel_group,
            traffic_source,
            traffic_medium,
            campaign,
            sum(spend) as spend,
            sum(impressions) as impressions,
            sum(clicks) as clicks,
            sum(attributed_conversions) as attributed_conversions,
            sum(attributed_value) as attributed_value,
            sum(attributed_first_conversions) as attributed_first_conversions
        from fct_attribution_daily_performance
        group by
            cast({{ dbt.date_trunc(grain, 'performance_date') }} as date),
            conversion_type, attribution_model, channel_group, traffic_source, traffic_medium, campaign
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

performance as (
    select
        cast(period_grain as {{ dbt.type_string() }}) as period_grain,
        cast(period_start_date as date) as period_start_date,
        cast(conversion_type as {{ dbt.type_string() }}) as conversion_type,
        cast(attribution_model as {{ dbt.type_string() }}) as attribution_model,
        cast(channel_group as {{ dbt.type_string() }}) as channel_group,
        cast(traffic_source as {{ dbt.type_string() }}) as traffic_source,
        cast(traffic_medium as {{ dbt.type_string() }}) as traffic_medium,
        cast(campaign as {{ dbt.type_string() }}) as campaign,
        {{ journey.attribution_performance_columns() | indent(8) }}
    from performance_by_period
)

select * from performance
