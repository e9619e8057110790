{#-
    Every row of Snowplow's atomic.events table (landing table snowplow_events), parsed
    into the columns of base_tracking__events and validated by the same rules, with
    Snowplow's own de-duplication and its packages' limits on sessions and late events.
      * event_id is Snowplow's event id. Snowplow delivers at least once, so an event can
        arrive twice: the same event_id with the same content (the event fingerprint,
        else the device, session, user, event name, device time, page and properties) is
        a redelivery, counted as a duplicate. The same event_id with other content is a
        "synthetic duplicate" (a bot or a privacy tool replaying ids, a tracker bug): the
        delivery Snowplow's collector saw first (collector_tstamp, then
        dvce_created_tstamp, then the earlier load) is the event, and the others are
        quarantined as conflicting_duplicate, the code every event stream of the project
        gives an id delivered again with another payload: they are not the same event,
        so counting them as duplicates would hide that two facts arrived under one id,
        and quarantined they stay visible (and their identifiers still reach the
        identity graph, as for the native events).
      * event_at is derived_tstamp (journey.snowplow_event_at), else collector_tstamp.
      * an event the device sent more than var journey_snowplow_days_late_allowed days
        after it created it (dvce_sent_tstamp - dvce_created_tstamp) is quarantined as
        late_device_event, and an event more than var journey_snowplow_max_session_days
        days after the first event of its domain_sessionid as session_too_long: the
        limits of Snowplow's dbt packages (days_late_allowed, max_session_days), which
        drop such events; here they are kept in the quarantine, never dropped.
      * the device is domain_userid (anonymous_id), the account user_id; the session is
        Snowplow's own, domain_sessionid (tracker_session_id). network_userid (the
        collector's third-party cookie) has no slot in the events contract and is not used.
      * the event name: a page_view is page_view; a structured event its se_action; a
        self-describing event its event_name (the schema's name: submit_form,
        link_click, screen_view ...); others (transaction, transaction_item, page_ping)
        the event column. A transaction's order id, total and currency are tr_orderid,
        tr_total and tr_currency; other properties are read from the event's data
        (unstruct_event) and its entities (contexts), and the email of the person from an
        entity's email field (hashed).
      * an app screen without a page_url is app://<app_id>/<screen name>, the native
        contract's form.
      * loaded_at is the project's loaded_at, else load_tstamp (Snowplow's loader), else
        collector_tstamp.
-#}
{{ config(**journey.load_partitioned_config()) }}
{%- set bot_user_agent_pattern = journey.text_literal(var('journey_bot_user_agent_pattern')) -%}
{%- set max_session_days = var('journey_snowplow_max_session_days') | int -%}
{%- set days_late_allowed = var('journey_snowplow_days_late_allowed') | int -%}

with

source as (
    select * from {{ source('tracking', 'snowplow_events') }}
),

rows_typed as (
    select
        *,
        {{ journey.to_utc_timestamp('collector_tstamp') }} as collector_tstamp_utc,
        {{ journey.to_utc_timestamp('dvce_created_tstamp') }} as dvce_created_tstamp_utc,
        {{ journey.to_utc_timestamp('dvce_sent_tstamp') }} as dvce_sent_tstamp_utc,
        {{ journey.to_utc_timestamp('derived_tstamp') }} as derived_tstamp_utc,
        lower(trim(cast(event as {{ dbt.type_string() }}))) as event_type,
        lower(useragent) as user_agent_lower,
        {{ dbt.concat(["coalesce(unstruct_event, '')", "' '", "coalesce(contexts, '')"]) }} as entity_data,
        nullif(trim({{ journey.snowplow_entity_value('unstruct_event', 'name') }}), '') as screen_name,
        lower(trim(cast(dvce_ismobile as {{ dbt.type_string() }}))) in ('true', 't', '1', 'yes') as is_mobile_device,
        lower(trim(cast(dvce_ismobile as {{ dbt.type_string() }}))) in ('false', 'f', '0', 'no') as is_not_mobile_device
    from source
),

rows_named as (
    select
        *,
        case
            when event_type = 'struct' then nullif(trim(se_action), '')
            when event_type = 'unstruct' then nullif(trim(event_name), '')
            else coalesce(nullif(event_type, ''), nullif(trim(event_name), ''))
        end as event_name_raw,
        {{ journey.ga4_operating_system('os_family') }} as os_family_clean,
        case
            when nullif(trim(page_url), '') is not null then page_url
            when screen_name is not null and lower(trim(event_name)) = 'screen_view'
                then {{ dbt.concat(["'app://'", "coalesce(lower(trim(app_id)), 'app')", "'/'", 'screen_name']) }}
        end as page_url_raw,
        {{ journey.json_object_of_texts([
            ('order_id', "coalesce(case when event_type = 'transaction' then nullif(trim(tr_orderid), '') end, "
                ~ journey.snowplow_entity_value('entity_data', 'order_id') ~ ')'),
            ('revenue', "coalesce(case when event_type = 'transaction' then cast("
                ~ journey.to_number(dbt.cast('tr_total', dbt.type_string())) ~ ' as ' ~ dbt.type_string() ~ ') end, '
                ~ journey.snowplow_entity_value('entity_data', 'revenue') ~ ')'),
            ('currency', "coalesce(case when event_type = 'transaction' then nullif(trim(tr_currency), '') end, "
                ~ journey.snowplow_entity_value('entity_data', 'currency') ~ ')'),
            ('payment_method', journey.snowplow_entity_value('entity_data', 'payment_method')),
            ('plan', journey.snowplow_entity_value('entity_data', 'plan')),
            ('search_term', journey.snowplow_entity_value('entity_data', 'search_term')),
            ('step', journey.snowplow_entity_value('entity_data', 'step')),
            ('feature', journey.snowplow_entity_value('entity_data', 'feature')),
            ('form_id', 'coalesce(' ~ journey.snowplow_entity_value('entity_data', 'form_id') ~ ', '
                ~ journey.snowplow_entity_value('entity_data', 'formId') ~ ')'),
            ('error_code', journey.snowplow_entity_value('entity_data', 'error_code')),
            ('se_category', "nullif(trim(se_category), '')"),
            ('se_label', "nullif(trim(se_label), '')"),
            ('se_property', "nullif(trim(se_property), '')"),
            ('se_value', 'cast(' ~ journey.to_number(dbt.cast('se_value', dbt.type_string())) ~ ' as '
                ~ dbt.type_string() ~ ')'),
        ]) }} as properties_raw
    from rows_typed
),

parsed as (
    select
        -- ids
        cast(event_id as {{ dbt.type_string() }}) as record_id,
        {{ journey.clean_identifier('event_id') }} as event_id,
        {{ journey.clean_identifier('domain_userid') }} as anonymous_id,
        {{ journey.clean_identifier('user_id') }} as user_id,
        {{ journey.email_hash(journey.snowplow_entity_value('contexts', 'email')) }} as email_hash,
        {{ journey.clean_identifier('domain_sessionid') }} as tracker_session_id,
        'snowplow_events' as source_table,

        -- event
        event_name_raw,
        case
            when lower(trim(platform)) in ('mob', 'app') and os_family_clean = 'iOS' then 'ios'
            when lower(trim(platform)) in ('mob', 'app') and os_family_clean = 'Android' then 'android'
            when lower(trim(platform)) in ('mob', 'app') or nullif(trim(platform), '') is null then 'web'
            else lower(trim(platform))
        end as platform,

        -- page (query strings dropped: they can carry PII)
        {{ journey.url_without_query('page_url_raw') }} as page_url,
        {{ journey.url_host('page_url_raw') }} as page_host,
        {{ journey.url_path('page_url_raw') }} as page_path,
        {{ journey.url_without_query('page_referrer') }} as referrer_url,
        {{ journey.url_host('page_referrer') }} as referrer_host,

        -- campaign tags: the campaign-attribution enrichment's mkt_ fields (read from the page URL)
        nullif(trim(mkt_source), '') as utm_source_raw,
        nullif(trim(mkt_medium), '') as utm_medium_raw,
        nullif(trim(mkt_campaign), '') as utm_campaign_raw,
        {{ journey.normalize_utm('mkt_source') }} as utm_source,
        {{ journey.normalize_utm('mkt_medium') }} as utm_medium,
        {{ journey.normalize_utm('mkt_campaign') }} as utm_campaign,
        {{ journey.normalize_utm('mkt_content') }} as utm_content,
        {{ journey.normalize_utm('mkt_term') }} as utm_term,
        {#- the enrichment's click id, else one in the page URL's query (a network it is not configured for) #}
        {{ journey.clean_identifier(
            'coalesce(mkt_clickid, ' ~ journey.url_parameter('page_url', 'gclid') ~ ', '
            ~ journey.url_parameter('page_url', 'fbclid') ~ ', '
            ~ journey.url_parameter('page_url', 'li_fat_id') ~ ', '
            ~ journey.url_parameter('page_url', 'msclkid') ~ ')') }} as click_id,
        case
            when {{ journey.clean_identifier('mkt_clickid') }} is not null
                then {{ journey.snowplow_click_id_type('mkt_network') }}
            when {{ journey.url_parameter('page_url', 'gclid') }} is not null then 'gclid'
            when {{ journey.url_parameter('page_url', 'fbclid') }} is not null then 'fbclid'
            when {{ journey.url_parameter('page_url', 'li_fat_id') }} is not null then 'li_fat_id'
            when {{ journey.url_parameter('page_url', 'msclkid') }} is not null then 'msclkid'
        end as click_id_type,

        -- device and place: the user-agent and IP-lookup enrichments, else the user agent
        {{ journey.snowplow_device_type(
            'dvce_type', 'is_mobile_device', 'is_not_mobile_device', 'user_agent_lower'
        ) }} as device_type,
        coalesce(
            {{ journey.snowplow_browser('br_family') }},
            {{ journey.user_agent_browser('user_agent_lower') }}
        ) as browser,
        coalesce(os_family_clean, {{ journey.user_agent_os('user_agent_lower') }}) as os,
        upper(trim(geo_country)) as country,
        user_agent_lower,

        -- properties: a transaction's tr_ fields, the event's data and its entities; any email redacted
        {{ journey.redact_emails('properties_raw') }} as properties,

        -- timestamps
        cast(coalesce(derived_tstamp, collector_tstamp) as {{ dbt.type_string() }}) as event_at_raw,
        {{ journey.snowplow_event_at(
            'derived_tstamp_utc', 'collector_tstamp_utc', 'dvce_sent_tstamp_utc', 'dvce_created_tstamp_utc'
        ) }} as event_at,
        collector_tstamp_utc as collector_tstamp,
        dvce_created_tstamp_utc as dvce_created_tstamp,
        dvce_sent_tstamp_utc as dvce_sent_tstamp,
        nullif(trim(event_fingerprint), '') as event_fingerprint,
        coalesce(
            {{ journey.to_utc_timestamp('loaded_at') }},
            {{ journey.to_utc_timestamp('load_tstamp') }},
            collector_tstamp_utc
        ) as loaded_at
    from rows_named
),

parsed_in_scope as (
    select * from parsed
    where {{ journey.is_in_incremental_scope() }}
),

rows_checked as (
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
            when dvce_sent_tstamp > {{ journey.add_days('dvce_created_tstamp', days_late_allowed) }}
                then 'late_device_event'
        end as row_validation_reason
    from parsed_in_scope
),

{{ journey.prior_deliveries_added('rows_checked', 'event_id', derived=[
    'is_conflicting_delivery', 'quarantine_reason', 'is_duplicate', 'delivery_number', 'is_late_arriving',
    'load_date', 'validation_reason', 'session_started_at',
]) }},

{% if is_incremental() %}
-- sessions that began in an earlier load: their start is in this model already
earlier_session_starts as (
    select
        tracker_session_id,
        min(event_at) as session_started_at
    from {{ this }}
    where
        tracker_session_id is not null
        and (validation_reason is null or validation_reason = 'session_too_long')
        and tracker_session_id in (select rows_checked.tracker_session_id from rows_checked)
    group by tracker_session_id
),
{% endif %}

session_starts as (
    select
        tracker_session_id,
        min(event_at) as session_started_at,
        {{ journey.add_days('min(event_at)', max_session_days) }} as session_longest_at
    from (
        select
            tracker_session_id,
            event_at
        from rows_checked_with_prior_deliveries
        where tracker_session_id is not null and row_validation_reason is null
        {%- if is_incremental() %}
        union all
        select
            tracker_session_id,
            session_started_at as event_at
        from earlier_session_starts
        {%- endif %}
    ) as session_events
    group by tracker_session_id
),

validated as (
    select
        rows_checked_with_prior_deliveries.*,
        session_starts.session_started_at,
        coalesce(
            rows_checked_with_prior_deliveries.row_validation_reason,
            case
                when rows_checked_with_prior_deliveries.event_at > session_starts.session_longest_at
                    then 'session_too_long'
            end
        ) as validation_reason
    from rows_checked_with_prior_deliveries
    left join session_starts
        on rows_checked_with_prior_deliveries.tracker_session_id = session_starts.tracker_session_id
),

{{ journey.conflicting_deliveries_quarantined(
    'validated', ['event_id'],
    ['event_fingerprint', 'anonymous_id', 'user_id', 'tracker_session_id', 'event_name_raw',
        'dvce_created_tstamp', 'page_url', 'properties'],
    tie_breakers=['record_id'],
    first_by=['collector_tstamp', 'dvce_created_tstamp'],
) }},

duplicates_flagged as (
    select
        *,
        {{ journey.is_duplicate_delivery(
            ['event_id'], keep='first', tie_breakers=['record_id'],
            first_by=['collector_tstamp', 'dvce_created_tstamp'],
        ) }}
            as is_duplicate,
        {{ journey.delivery_number(
            ['event_id'], keep='first', tie_breakers=['record_id'],
            first_by=['collector_tstamp', 'dvce_created_tstamp'],
        ) }}
            as delivery_number,
        {{ journey.is_late_arriving('event_at', 'loaded_at') }} as is_late_arriving,
        -- last: Spark keeps a table's partition column last
        {{ journey.load_date('loaded_at') }} as load_date
    from validated_conflicts_quarantined
)

select * from duplicates_flagged
where {{ journey.is_in_incremental_scope() }}
