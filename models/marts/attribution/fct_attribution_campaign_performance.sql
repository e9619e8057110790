{#-
    Spend against attributed conversions per campaign, model and period. Both
    sides are aggregated to (period, campaign) before they meet, so spend is
    never repeated per conversion or per touch: credits by the period of the
    conversion, spend by the period of the spend day. Every campaign with spend
    appears for every (conversion type, model), with zero conversions when it
    got no credit.
-#}
{%- set period_grains = ['week', 'month'] -%}
with

fct_attribution_credits as (
    select * from {{ ref('fct_attribution_credits') }}
),

int_attribution_spends_aggregated as (
    select * from {{ ref('int_attribution_spends_aggregated') }}
),

credits_by_period as (
    {%- for grain in period_grains %}
        select
            '{{ grain }}' as period_grain,
            cast({{ dbt.date_trunc(grain, 'converted_date') }} as date) as period_start_date,
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
            cast({{ dbt.date_trunc(grain, 'converted_date') }} as date),
            conversion_type, attribution_model, channel_group, traffic_source, traffic_medium, campaign
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

spends_by_period as (
    {%- for grain in period_grains %}
        select
            '{{ grain }}' as period_grain,
            cast({{ dbt.date_trunc(grain, 'spend_date') }} as date) as period_start_date,
            channel_group,
            traffic_source,
            traffic_medium,
            campaign,
            sum(spend) as spend,
            sum(impressions) as impressions,
            sum(clicks) as clicks
        from int_attribution_spends_aggregated
        group by
            cast({{ dbt.date_trunc(grain, 'spend_date') }} as date),
            channel_group,
            traffic_source,
            traffic_medium,
            campaign
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

conversion_types_and_models as (
    select distinct
        conversion_type,
        attribution_model
    from fct_attribution_credits
),

spends_by_period_and_model as (
    select
        spends_by_period.*,
        conversion_types_and_models.conversion_type,
        conversion_types_and_models.attribution_model
    from spends_by_period
    cross join conversion_types_and_models
),

spends_joined_to_credits as (
    select
        coalesce(credits_by_period.period_grain, spends_by_period_and_model.period_grain) as period_grain,
        coalesce(credits_by_period.period_start_date, spends_by_period_and_model.period_start_date)
            as period_start_date,
        coalesce(credits_by_period.conversion_type, spends_by_period_and_model.conversion_type) as conversion_type,
        coalesce(credits_by_period.attribution_model, spends_by_period_and_model.attribution_model)
            as attribution_model,
        coalesce(credits_by_period.channel_group, spends_by_period_and_model.channel_group) as channel_group,
        coalesce(credits_by_period.traffic_source, spends_by_period_and_model.traffic_source) as traffic_source,
        coalesce(credits_by_period.traffic_medium, spends_by_period_and_model.traffic_medium) as traffic_medium,
        coalesce(credits_by_period.campaign, spends_by_period_and_model.campaign) as campaign,
        coalesce(spends_by_period_and_model.spend, 0) as spend,
        coalesce(spends_by_period_and_model.impressions, 0) as impressions,
        coalesce(spends_by_period_and_model.clicks, 0) as clicks,
        coalesce(credits_by_period.attributed_conversions, 0) as attributed_conversions,
        coalesce(credits_by_period.attributed_value, 0) as attributed_value,
        coalesce(credits_by_period.attributed_first_conversions, 0) as attributed_first_conversions
    from credits_by_period
    full outer join spends_by_period_and_model
        on
            credits_by_period.period_grain = spends_by_period_and_model.period_grain
            and credits_by_period.period_start_date = spends_by_period_and_model.period_start_date
            and credits_by_period.conversion_type = spends_by_period_and_model.conversion_type
            and credits_by_period.attribution_model = spends_by_period_and_model.attribution_model
            and credits_by_period.channel_group = spends_by_period_and_model.channel_group
            and credits_by_period.traffic_source = spends_by_period_and_model.traffic_source
            and credits_by_period.traffic_medium = spends_by_period_and_model.traffic_medium
            and credits_by_period.campaign = spends_by_period_and_model.campaign
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
    from spends_joined_to_credits
)

select * from performance
