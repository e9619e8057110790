{#-
    Every row of the GA4 BigQuery export (landing table ga4_events: the events_YYYYMMDD shards
    and the events_intraday_YYYYMMDD ones), validated and parsed into the columns of
    base_tracking__events, so that the staged events of every tracker read alike.
      * GA4 has no event id: event_id is the SHA-256 of user_pseudo_id, event_timestamp,
        event_name, event_bundle_sequence_id and the event's occurrence among the rows of its
        shard with those four values (two identical clicks in one bundle stay two events).
      * An event in a daily shard and in the intraday shard of the same date is one event
        with two deliveries: the daily row is kept (delivery 1) and the intraday copy is a
        duplicate, whatever their loaded_at; between two rows of one kind the earlier load wins.
        The copies are not compared for conflicts (the daily export restates what the intraday
        one wrote, e.g. a user_id set later), so is_conflicting_delivery is always false.
      * The session is GA4's own: tracker_session_id is the ga_session_id parameter (unique
        per user_pseudo_id, the device that anonymous_id holds).
      * GA4 drops known bots itself and exports no user agent: no row is quarantined as 'bot'.
-#}
{{ config(**journey.load_partitioned_config()) }}

with

source as (
    select * from {{ source('ga4', 'ga4_events') }}
),

rows_numbered_in_shard as (
    select
        source.*,
        coalesce(source.table_suffix like 'intraday%', false) as is_intraday,
        row_number() over (
            partition by
                source.table_suffix, source.user_pseudo_id, source.event_timestamp,
                source.event_name, source.event_bundle_sequence_id
            order by cast(source.event_params as {{ dbt.type_string() }})
        ) as occurrence_in_shard
    from source
),

parameters_extracted as (
    select
        rows_numbered_in_shard.*,
        {%- for parameter in [
            'ga_session_id', 'page_location', 'page_referrer',
            'source', 'medium', 'campaign', 'content', 'term', 'gclid', 'dclid',
            'transaction_id', 'value', 'currency', 'search_term', 'payment_type', 'form_id',
            'order_id', 'revenue', 'error_code', 'plan', 'payment_method', 'step', 'feature',
        ] %}
        {{ journey.ga4_param_value('rows_numbered_in_shard.event_params', parameter) }} as {{ parameter }}_value
        {{- ',' if not loop.last }}
        {%- endfor %}
    from rows_numbered_in_shard
),

parsed as (
    select
        -- ids
        {{ dbt.concat([
            "coalesce(table_suffix, '')", "'|'", "coalesce(user_pseudo_id, '')", "'|'",
            "coalesce(cast(event_timestamp as " ~ dbt.type_string() ~ "), '')", "'|'", "coalesce(event_name, '')",
        ]) }} as record_id,
        {{ journey.sha256_hex(dbt.concat([
            "coalesce(user_pseudo_id, '')", "'|'",
            "coalesce(cast(event_timestamp as " ~ dbt.type_string() ~ "), '')", "'|'",
            "coalesce(event_name, '')", "'|'",
            "coalesce(cast(event_bundle_sequence_id as " ~ dbt.type_string() ~ "), '')", "'|'",
            "cast(occurrence_in_shard as " ~ dbt.type_string() ~ ")",
        ])) }} as event_id,
        {{ journey.clean_identifier('user_pseudo_id') }} as anonymous_id,
        {{ journey.clean_identifier('user_id') }} as user_id,
        cast(null as {{ dbt.type_string() }}) as email_hash,
        {{ journey.clean_identifier(journey.ga4_value_text('ga_session_id_value')) }} as tracker_session_id,

        -- event
        nullif(trim(cast(event_name as {{ dbt.type_string() }})), '') as event_name_raw,
        lower(trim(platform)) as platform,

        -- page (query strings dropped: they can carry PII)
        {{ journey.url_without_query(journey.ga4_value_text('page_location_value')) }} as page_url,
        {{ journey.url_host(journey.ga4_value_text('page_location_value')) }} as page_host,
        {{ journey.url_path(journey.ga4_value_text('page_location_value')) }} as page_path,
        {{ journey.url_without_query(journey.ga4_value_text('page_referrer_value')) }} as referrer_url,
        {{ journey.url_host(journey.ga4_value_text('page_referrer_value')) }} as referrer_host,

        -- campaign tags: the event's parameters, else the traffic source GA4 collected for it
        {%- set utm = {
            'source': 'manual_source', 'medium': 'manual_medium', 'campaign': 'manual_campaign_name',
            'content': 'manual_content', 'term': 'manual_term',
        } %}
        {%- for tag, collected in utm.items() %}
        {%- set raw_tag = 'coalesce(' ~ journey.ga4_value_text(tag ~ '_value') ~ ', nullif(trim(collected_traffic_source.'
            ~ collected ~ "), ''))" %}
        {%- if tag in ('source', 'medium', 'campaign') %}
        {{ raw_tag }} as utm_{{ tag }}_raw,
        {%- endif %}
        {{ journey.normalize_utm(raw_tag) }} as utm_{{ tag }},
        {%- endfor %}
        {%- set gclid = 'coalesce(' ~ journey.ga4_value_text('gclid_value') ~ ', collected_traffic_source.gclid)' %}
        {%- set dclid = 'coalesce(' ~ journey.ga4_value_text('dclid_value') ~ ', collected_traffic_source.dclid)' %}
        {#- other click ids are not parameters: they stay in page_location's query string -#}
        {%- set url_click_id = "[?&](gclid|dclid|wbraid|gbraid|fbclid|msclkid|li_fat_id|ttclid|twclid)=([^&#]+)" %}
        {%- set page_location = journey.ga4_value_text('page_location_value') %}
        {{ journey.clean_identifier('coalesce(' ~ gclid ~ ', ' ~ dclid ~ ', nullif(regexp_extract('
            ~ page_location ~ ", '" ~ url_click_id ~ "', 2), ''))") }} as click_id,
        case
            when {{ journey.clean_identifier(gclid) }} is not null then 'gclid'
            when {{ journey.clean_identifier(dclid) }} is not null then 'dclid'
            else lower(nullif(regexp_extract({{ page_location }}, '{{ url_click_id }}', 1), ''))
        end as click_id_type,

        -- device and place
        lower(trim(device.category)) as device_type,
        nullif(trim(coalesce(device.web_info.browser, device.browser)), '') as browser,
        {{ journey.ga4_operating_system('device.operating_system') }} as os,
        {{ journey.ga4_country_code('geo.country') }} as country,
        cast(null as {{ dbt.type_string() }}) as user_agent_lower,

        -- properties: the keys the staged events read, from GA4's parameters and ecommerce record
        {{ journey.json_object_text([
            ('order_id', 'coalesce(' ~ journey.ga4_value_text('order_id_value') ~ ', '
                ~ journey.ga4_value_text('transaction_id_value') ~ ", nullif(trim(ecommerce.transaction_id), ''))"),
            ('revenue', 'coalesce(' ~ journey.ga4_value_number('revenue_value') ~ ', '
                ~ journey.ga4_value_number('value_value') ~ ', ecommerce.purchase_revenue, ecommerce.refund_value)'),
            ('currency', journey.ga4_value_text('currency_value')),
            ('error_code', journey.ga4_value_text('error_code_value')),
            ('form_id', journey.ga4_value_text('form_id_value')),
            ('plan', journey.ga4_value_text('plan_value')),
            ('payment_method', 'coalesce(' ~ journey.ga4_value_text('payment_method_value') ~ ', '
                ~ journey.ga4_value_text('payment_type_value') ~ ')'),
            ('search_term', journey.redact_emails(journey.ga4_value_text('search_term_value'))),
            ('step', journey.ga4_value_text('step_value')),
            ('feature', journey.ga4_value_text('feature_value')),
        ]) }} as properties,

        -- timestamps
        cast(event_timestamp as {{ dbt.type_string() }}) as event_at_raw,
        {{ journey.timestamp_from_micros(journey.to_integer('event_timestamp')) }} as event_at,
        {{ journey.to_utc_timestamp('loaded_at') }} as loaded_at,

        -- where the row came from
        'ga4_events' as source_table,
        cast(table_suffix as {{ dbt.type_string() }}) as table_suffix,
        is_intraday
    from parameters_extracted
),

parsed_in_scope as (
    select * from parsed
    where {{ journey.is_in_incremental_scope() }}
),

validated as (
    select
        *,
        case
            when event_at is null then 'unparseable_timestamp'
            when {{ journey.is_implausible_timestamp('event_at') }} then 'implausible_timestamp'
            when {{ journey.is_future_timestamp('event_at', 'loaded_at') }} then 'future_timestamp'
            when anonymous_id is null and user_id is null then 'missing_identifier'
            when event_name_raw is null then 'missing_event_name'
        end as validation_reason
    from parsed_in_scope
),

{{ journey.prior_deliveries_added('validated', 'event_id') }},

deliveries_ranked as (
    select
        *,
        false as is_conflicting_delivery,
        validation_reason as quarantine_reason,
        row_number() over (
            partition by validation_reason, event_id
            order by is_intraday asc, loaded_at asc nulls last, record_id asc
        ) as delivery_number
    from validated_with_prior_deliveries
),

duplicates_flagged as (
    select
        *,
        (quarantine_reason is null and delivery_number > 1) as is_duplicate,
        {{ journey.is_late_arriving('event_at', 'loaded_at') }} as is_late_arriving,
        -- last: Spark keeps a table's partition column last
        {{ journey.load_date('loaded_at') }} as load_date
    from deliveries_ranked
)

select * from duplicates_flagged
where {{ journey.is_in_incremental_scope() }}
