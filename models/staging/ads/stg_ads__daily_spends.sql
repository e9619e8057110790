{%- set daily_spend_key = dbt.concat([
    "cast(valid_spend.spend_date as " ~ dbt.type_string() ~ ")", "'|'",
    "valid_spend.ad_platform", "'|'",
    "valid_spend.campaign_id",
]) -%}

with

base_ads__ad_spend as (
    select * from {{ ref('base_ads__ad_spend') }}
),

currency_rates as (
    select * from {{ ref('currency_rates') }}
),

valid_spend as (
    select * from base_ads__ad_spend
    where quarantine_reason is null and not is_duplicate
),

converted as (
    select
        -- ids
        {{ daily_spend_key }} as daily_spend_id,
        valid_spend.ad_platform,
        valid_spend.campaign_id,
        valid_spend.campaign_name,

        -- campaign tags
        valid_spend.utm_source,
        valid_spend.utm_medium,
        valid_spend.utm_campaign,

        -- measures
        valid_spend.impressions,
        valid_spend.clicks,
        valid_spend.spend,
        valid_spend.currency,
        valid_spend.spend / currency_rates.units_per_reporting_currency as spend_reporting,

        -- dates
        valid_spend.spend_date,
        valid_spend.loaded_at
    from valid_spend
    inner join currency_rates
        on valid_spend.currency = currency_rates.currency_code
)

select * from converted
