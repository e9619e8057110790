{{ config(**journey.load_partitioned_config()) }}
{%- set bot_user_agent_pattern = journey.text_literal(var('journey_bot_user_agent_pattern')) -%}

with

source as (
    select * from {{ source('tracking', 'events') }}
),

parsed as (
    select
        -- ids
        cast(event_id as {{ dbt.type_string() }}) as record_id,
        {{ journey.clean_identifier('event_id') }} as event_id,
        'events' as source_table,
        -- the native contract has no tracker session: sessions follow the timeout rule
        cast(null as {{ dbt.type_string() }}) as tracker_session_id,
        {{ journey.clean_identifier('anonymous_id') }} as anonymous_id,
        {{ journey.clean_identifier('user_id') }} as user_id,
        {{ journey.email_hash('email') }} as email_hash,

        -- event
        nullif(trim(cast(event_name as {{ dbt.type_string() }})), '') as event_name_raw,
        lower(trim(platform)) as platform,

        -- page (query strings dropped: they can carry PII)
        {{ journey.url_without_query('page_url') }} as page_url,
        {{ journey.url_host('page_url') }} as page_host,
        {{ journey.url_path('page_url') }} as page_path,
        {{ journey.url_without_query('referrer_url') }} as referrer_url,
        {{ journey.url_host('referrer_url') }} as referrer_host,

        -- campaign tags, as typed and normalised
        nullif(trim(utm_source), '') as utm_source_raw,
        nullif(trim(utm_medium), '') as utm_medium_raw,
        nullif(trim(utm_campaign), '') as utm_campaign_raw,
        {{ journey.normalize_utm('utm_source') }} as utm_source,
        {{ journey.normalize_utm('utm_medium') }} as utm_medium,
        {{ journey.normalize_utm('utm_campaign') }} as utm_campaign,
        {{ journey.normalize_utm('utm_content') }} as utm_content,
        {{ journey.normalize_utm('utm_term') }} as utm_term,
        {{ journey.clean_identifier('click_id') }} as click_id,
        lower(trim(click_id_type)) as click_id_type,

        -- device and place
        lower(trim(device_type)) as device_type,
        nullif(trim(browser), '') as browser,
        nullif(trim(os), '') as os,
        upper(trim(country)) as country,
        lower(user_agent) as user_agent_lower,

        -- properties, with any email inside redacted
        {{ journey.redact_emails('properties') }} as properties,

        -- timestamps
        cast(event_at as {{ dbt.type_string() }}) as event_at_raw,
        {{ journey.to_utc_timestamp('event_at') }} as event_at,
        {{ journey.to_utc_timestamp('loaded_at') }} as loaded_at
    from source
),

parsed_in_scope as (
    select * from parsed
    where {{ journey.is_in_incremental_scope() }}
),

validated as (
    select
        *,
        case
            when event_id is null then 'missing_id'
            when event_at is null then 'unparseable_timestamp'
            when {{ journey.is_implausible_timestamp('event_at') }} then 'implausible_timestamp'
            when {{ journey.is_future_timestamp('event_at', 'loaded_at') }} then 'future_timestamp'
            when anonymous_id is null and user_id is null then 'missing_identifier'
            when event_name_raw is null then 'missing_event_name'
            when {{ journey.regex_matches('coalesce(user_agent_lower, \'\')', bot_user_agent_pattern) }} then 'bot'
        end as validation_reason
    from parsed_in_scope
),

{{ journey.prior_deliveries_added('validated', 'event_id') }},

{{ journey.conflicting_deliveries_quarantined(
    'validated_with_prior_deliveries', ['event_id'],
    ['anonymous_id', 'user_id', 'email_hash', 'event_name_raw', 'event_at'],
    tie_breakers=['event_at', 'event_name_raw', 'anonymous_id'],
) }},

duplicates_flagged as (
    select
        *,
        {{ journey.is_duplicate_delivery(
            ['event_id'], keep='first', tie_breakers=['event_at', 'event_name_raw', 'anonymous_id']
        ) }}
            as is_duplicate,
        {{ journey.delivery_number(
            ['event_id'], keep='first', tie_breakers=['event_at', 'event_name_raw', 'anonymous_id']
        ) }}
            as delivery_number,
        {{ journey.is_late_arriving('event_at', 'loaded_at') }} as is_late_arriving,
        -- last: Spark keeps a table's partition column last
        {{ journey.load_date('loaded_at') }} as load_date
    from validated_with_prior_deliveries_conflicts_quarantined
)

select * from duplicates_flagged
where {{ journey.is_in_incremental_scope() }}
