{#-
    Every row of Segment's tracks, pages and screens tables, parsed into the columns of
    base_tracking__events (the union int_events_unioned selects by name) and validated
    by the same rules. source_table says which table a row came from.
      * event_id is Segment's message id (`id`); a redelivered message repeats it, and is a
        duplicate (the first load is kept) or, when its payload differs, a
        conflicting_duplicate, as for native events.
      * event_at follows Segment's clock-skew rule (journey.segment_event_at):
        received_at - (sent_at - original_timestamp).
      * a page is the event 'Page Viewed', a screen 'Screen Viewed' (both page_view in
        the taxonomy); a track is its event_text (the name as sent, 'Order Completed'),
        else its snake-cased `event`.
      * a screen's page_url is app://<app name>/<screen name>, the native contract's form.
      * loaded_at is Segment's loaded_at, else uuid_ts (when the warehouse loader wrote
        the row), else received_at (the row cannot have landed before Segment received it).
      * Segment has no session id: tracker_session_id is null, and sessions follow the
        project's timeout rule.
-#}
{{ config(**journey.load_partitioned_config()) }}
{%- set bot_user_agent_pattern = journey.text_literal(var('journey_bot_user_agent_pattern')) -%}

with

segment_tracks as (
    select * from {{ source('tracking', 'segment_tracks') }}
),

segment_pages as (
    select * from {{ source('tracking', 'segment_pages') }}
),

segment_screens as (
    select * from {{ source('tracking', 'segment_screens') }}
),

tracks_renamed as (
    select
        'segment_tracks' as source_table,
        id,
        anonymous_id,
        user_id,
        coalesce(nullif(trim(event_text), ''), nullif(trim(event), '')) as event_name_raw,
        {{ adapter.quote('timestamp') }} as segment_timestamp,
        original_timestamp,
        sent_at,
        received_at,
        loaded_at,
        uuid_ts,
        context_page_url as page_url_raw,
        context_page_referrer as referrer_url_raw,
        coalesce(context_page_search, context_page_url) as page_query_raw,
        context_campaign_source,
        context_campaign_medium,
        context_campaign_name,
        context_campaign_content,
        context_campaign_term,
        context_user_agent,
        context_device_type,
        context_os_name,
        context_location_country,
        context_traits_email,
        {{ journey.json_object_of_texts([
            ('order_id', 'order_id'),
            ('revenue', 'cast(' ~ journey.to_number('coalesce(' ~ dbt.cast('revenue', dbt.type_string()) ~ ', '
                ~ dbt.cast('total', dbt.type_string()) ~ ')') ~ ' as ' ~ dbt.type_string() ~ ')'),
            ('currency', 'currency'),
            ('payment_method', 'payment_method'),
            ('plan', 'plan'),
            ('search_term', 'coalesce(search_term, query)'),
            ('step', 'step'),
            ('feature', 'feature'),
            ('form_id', 'form_id'),
            ('error_code', 'error_code'),
        ]) }} as properties_raw
    from segment_tracks
),

pages_renamed as (
    select
        'segment_pages' as source_table,
        id,
        anonymous_id,
        user_id,
        'Page Viewed' as event_name_raw,
        {{ adapter.quote('timestamp') }} as segment_timestamp,
        original_timestamp,
        sent_at,
        received_at,
        loaded_at,
        uuid_ts,
        coalesce(url, context_page_url) as page_url_raw,
        coalesce(referrer, context_page_referrer) as referrer_url_raw,
        coalesce(search, context_page_search, url, context_page_url) as page_query_raw,
        context_campaign_source,
        context_campaign_medium,
        context_campaign_name,
        context_campaign_content,
        context_campaign_term,
        context_user_agent,
        context_device_type,
        context_os_name,
        context_location_country,
        context_traits_email,
        cast(null as {{ dbt.type_string() }}) as properties_raw
    from segment_pages
),

screens_renamed as (
    select
        'segment_screens' as source_table,
        id,
        anonymous_id,
        user_id,
        'Screen Viewed' as event_name_raw,
        {{ adapter.quote('timestamp') }} as segment_timestamp,
        original_timestamp,
        sent_at,
        received_at,
        loaded_at,
        uuid_ts,
        case
            when nullif(trim(name), '') is not null
                then {{ dbt.concat([
                    "'app://'", "coalesce(lower(trim(context_app_name)), 'app')", "'/'", 'trim(name)',
                ]) }}
        end as page_url_raw,
        cast(null as {{ dbt.type_string() }}) as referrer_url_raw,
        cast(null as {{ dbt.type_string() }}) as page_query_raw,
        context_campaign_source,
        context_campaign_medium,
        context_campaign_name,
        context_campaign_content,
        context_campaign_term,
        context_user_agent,
        context_device_type,
        context_os_name,
        context_location_country,
        context_traits_email,
        cast(null as {{ dbt.type_string() }}) as properties_raw
    from segment_screens
),

calls_unioned as (
    select * from tracks_renamed
    union all
    select * from pages_renamed
    union all
    select * from screens_renamed
),

calls_timed as (
    select
        *,
        {{ journey.to_utc_timestamp('received_at') }} as received_at_utc,
        {{ journey.to_utc_timestamp('sent_at') }} as sent_at_utc,
        {{ journey.to_utc_timestamp('original_timestamp') }} as original_timestamp_utc,
        {{ journey.to_utc_timestamp('segment_timestamp') }} as segment_timestamp_utc,
        lower(context_user_agent) as user_agent_lower,
        lower(trim(context_device_type)) as segment_device_type,
        {{ journey.user_agent_device_type('lower(context_user_agent)') }} as user_agent_device_type
    from calls_unioned
),

parsed as (
    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as record_id,
        {{ journey.clean_identifier('id') }} as event_id,
        {{ journey.clean_identifier('anonymous_id') }} as anonymous_id,
        {{ journey.clean_identifier('user_id') }} as user_id,
        {{ journey.email_hash('context_traits_email') }} as email_hash,
        cast(null as {{ dbt.type_string() }}) as tracker_session_id,
        source_table,

        -- event
        event_name_raw,
        case
            when segment_device_type in ('ios', 'android') then segment_device_type
            else 'web'
        end as platform,

        -- page (query strings dropped: they can carry PII)
        {{ journey.url_without_query('page_url_raw') }} as page_url,
        {{ journey.url_host('page_url_raw') }} as page_host,
        {{ journey.url_path('page_url_raw') }} as page_path,
        {{ journey.url_without_query('referrer_url_raw') }} as referrer_url,
        {{ journey.url_host('referrer_url_raw') }} as referrer_host,

        -- campaign tags, as typed and normalised (Segment's context.campaign)
        nullif(trim(context_campaign_source), '') as utm_source_raw,
        nullif(trim(context_campaign_medium), '') as utm_medium_raw,
        nullif(trim(context_campaign_name), '') as utm_campaign_raw,
        {{ journey.normalize_utm('context_campaign_source') }} as utm_source,
        {{ journey.normalize_utm('context_campaign_medium') }} as utm_medium,
        {{ journey.normalize_utm('context_campaign_name') }} as utm_campaign,
        {{ journey.normalize_utm('context_campaign_content') }} as utm_content,
        {{ journey.normalize_utm('context_campaign_term') }} as utm_term,
        {{ journey.clean_identifier(
            'coalesce(' ~ journey.url_parameter('page_query_raw', 'gclid') ~ ', '
            ~ journey.url_parameter('page_query_raw', 'fbclid') ~ ', '
            ~ journey.url_parameter('page_query_raw', 'li_fat_id') ~ ', '
            ~ journey.url_parameter('page_query_raw', 'msclkid') ~ ')') }} as click_id,
        case
            when {{ journey.url_parameter('page_query_raw', 'gclid') }} is not null then 'gclid'
            when {{ journey.url_parameter('page_query_raw', 'fbclid') }} is not null then 'fbclid'
            when {{ journey.url_parameter('page_query_raw', 'li_fat_id') }} is not null then 'li_fat_id'
            when {{ journey.url_parameter('page_query_raw', 'msclkid') }} is not null then 'msclkid'
        end as click_id_type,

        -- device and place: Segment's context, else the user agent
        case
            when segment_device_type in ('ios', 'android') and user_agent_device_type = 'tablet' then 'tablet'
            when segment_device_type in ('ios', 'android') then 'mobile'
            else user_agent_device_type
        end as device_type,
        {{ journey.user_agent_browser('user_agent_lower') }} as browser,
        {{ journey.user_agent_os(
            dbt.concat(["coalesce(lower(context_os_name), '')", "' '", "coalesce(user_agent_lower, '')"])) }} as os,
        upper(trim(context_location_country)) as country,
        user_agent_lower,

        -- properties (tracks: Segment's flattened property columns), any email inside redacted
        {{ journey.redact_emails('properties_raw') }} as properties,

        -- timestamps
        cast(coalesce(segment_timestamp, original_timestamp, received_at) as {{ dbt.type_string() }}) as event_at_raw,
        {{ journey.segment_event_at(
            'received_at_utc', 'sent_at_utc', 'original_timestamp_utc', 'segment_timestamp_utc'
        ) }} as event_at,
        coalesce(
            {{ journey.to_utc_timestamp('loaded_at') }},
            {{ journey.to_utc_timestamp('uuid_ts') }},
            received_at_utc
        ) as loaded_at
    from calls_timed
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
