with

source as (
    select * from {{ source('ads', 'ad_spend') }}
),

parsed as (
    select
        -- ids
        {{ dbt.concat([
            "coalesce(cast(spend_date as " ~ dbt.type_string() ~ "), '')", "'|'",
            "coalesce(cast(ad_platform as " ~ dbt.type_string() ~ "), '')", "'|'",
            "coalesce(cast(campaign_id as " ~ dbt.type_string() ~ "), '')"]) }} as record_id,
        {{ journey.clean_identifier('campaign_id') }} as campaign_id,
        lower(trim(ad_platform)) as ad_platform,
        nullif(trim(campaign_name), '') as campaign_name,

        -- campaign tags, normalised like the events' tags so that spend joins visits
        {{ journey.normalize_utm('utm_source') }} as utm_source,
        {{ journey.normalize_utm('utm_medium') }} as utm_medium,
        {{ journey.normalize_utm('utm_campaign') }} as utm_campaign,

        -- measures
        {{ journey.to_integer('impressions') }} as impressions,
        {{ journey.to_integer('clicks') }} as clicks,
        {{ journey.to_number('spend') }} as spend,
        {{ journey.absent_column_default(
            "nullif(upper(trim(currency)), '')", 'currency', 'source', journey.default_currency()
        ) }} as currency,

        -- dates
        {{ journey.to_date('spend_date') }} as spend_date,
        {{ journey.to_utc_timestamp('loaded_at') }} as loaded_at
    from source
),

validated as (
    select
        *,
        case
            when campaign_id is null then 'missing_id'
            when spend_date is null then 'unparseable_timestamp'
            when {{ journey.is_implausible_timestamp('cast(spend_date as ' ~ dbt.type_timestamp() ~ ')') }}
                then 'implausible_timestamp'
            when {{ journey.is_future_timestamp('cast(spend_date as ' ~ dbt.type_timestamp() ~ ')', 'loaded_at') }}
                then 'future_timestamp'
            when spend is null then 'unparseable_amount'
            when spend < 0 or impressions < 0 or clicks < 0 then 'negative_amount'
            when currency is null or not {{ journey.is_known_currency('currency') }} then 'unknown_currency'
        end as quarantine_reason
    from parsed
),

duplicates_flagged as (
    select
        *,
        {{ journey.is_duplicate_delivery(
            ['spend_date', 'ad_platform', 'campaign_id'], keep='last', tie_breakers=['spend desc']
        ) }}
            as is_duplicate,
        {{ journey.delivery_number(
            ['spend_date', 'ad_platform', 'campaign_id'], keep='last', tie_breakers=['spend desc']
        ) }}
            as delivery_number
    from validated
)

select * from duplicates_flagged
