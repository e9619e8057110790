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
{%- set ga4_parameters = [
    'ga_session_id', 'page_location', 'page_referrer',
    'source', 'medium', 'campaign', 'content', 'term', 'gclid', 'dclid',
    'transaction_id', 'value', 'currency', 'search_term', 'payment_type', 'form_id',
    'order_id', 'revenue', 'error_code', 'plan', 'payment_method', 'step', 'feature',
] -%}
{%- set ga4_number_parameters = ['value', 'revenue'] -%}
{%- set ga4_collected_fields = [
    'manual_source', 'manual_medium', 'manual_campaign_name', 'manual_content', 'manual_term', 'gclid', 'dclid',
] -%}

with

source as (
    select * from {{ source('tracking', 'ga4_events') }}
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
        {% for parameter in ga4_parameters %}
            {{ journey.ga4_param_value('rows_numbered_in_shard.event_params', parameter) }} as {{ parameter }}_value,
        {% endfor %}
        rows_numbered_in_shard.*
    from rows_numbered_in_shard
),

values_flattened as (
    select
        parameters_extracted.table_suffix,
        parameters_extracted.is_intraday,
        parameters_extracted.occurrence_in_shard,
        parameters_extracted.event_timestamp,
        parameters_extracted.event_name,
        parameters_extracted.event_bundle_sequence_id,
        parameters_extracted.user_pseudo_id,
        parameters_extracted.user_id,
        parameters_extracted.platform,
        parameters_extracted.device.category as device_category,
        coalesce(parameters_extracted.device.web_info.browser, parameters_extracted.device.browser) as device_browser,
        parameters_extracted.device.operating_system as device_operating_system,
        parameters_extracted.geo.country as geo_country,
        {% for field in ga4_collected_fields %}
            nullif(trim(parameters_extracted.collected_traffic_source.{{ field }}), '') as collected_{{ field }},
        {% endfor %}
        nullif(trim(parameters_extracted.ecommerce.transaction_id), '') as ecommerce_transaction_id,
        parameters_extracted.ecommerce.purchase_revenue as ecommerce_purchase_revenue,
        parameters_extracted.ecommerce.refund_value as ecommerce_refund_value,
        {% for parameter in ga4_parameters %}
            {% if parameter in ga4_number_parameters %}
                {%- set value = 'parameters_extracted.' ~ parameter ~ '_value' %}
                {{ journey.ga4_value_number(value) }} as {{ parameter }}_parameter,
            {% else %}
                {%- set value = 'parameters_extracted.' ~ parameter ~ '_value' %}
                {{ journey.ga4_value_text(value) }} as {{ parameter }}_parameter,
            {% endif %}
        {% endfor %}
        parameters_extracted.loaded_at
    from parameters_extracted
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
        {{ journey.clean_identifier('ga_session_id_parameter') }} as tracker_session_id,

        -- event
        nullif(trim(cast(event_name as {{ dbt.type_string() }})), '') as event_name_raw,
        lower(trim(platform)) as platform,

        -- page (query strings dropped: they can carry PII)
        {{ journey.url_without_query('page_location_parameter') }} as page_url,
        {{ journey.url_host('page_location_parameter') }} as page_host,
        {{ journey.url_path('page_location_parameter') }} as page_path,
        {{ journey.url_without_query('page_referrer_parameter') }} as referrer_url,
        {{ journey.url_host('page_referrer_parameter') }} as referrer_host,

        -- campaign tags: the event's parameters, else the traffic source GA4 collected with it
        coalesce(source_parameter, collected_manual_source) as utm_source_raw,
        coalesce(medium_parameter, collected_manual_medium) as utm_medium_raw,
        coalesce(campaign_parameter, collected_manual_campaign_name) as utm_campaign_raw,
        {{ journey.normalize_utm('coalesce(source_parameter, collected_manual_source)') }} as utm_source,
        {{ journey.normalize_utm('coalesce(medium_parameter, collected_manual_medium)') }} as utm_medium,
        {{ journey.normalize_utm('coalesce(campaign_parameter, collected_manual_campaign_name)') }} as utm_campaign,
        {{ journey.normalize_utm('coalesce(content_parameter, collected_manual_content)') }} as utm_content,
        {{ journey.normalize_utm('coalesce(term_parameter, collected_manual_term)') }} as utm_term,
        {#- other click ids are no parameters: they stay in page_location's query string -#}
        {%- set url_click_id = "[?&](gclid|dclid|wbraid|gbraid|fbclid|msclkid|li_fat_id|ttclid|twclid)=([^&#]+)" %}
        {%- set gclid = 'coalesce(gclid_parameter, collected_gclid)' %}
        {%- set dclid = 'coalesce(dclid_parameter, collected_dclid)' %}
        {{ journey.clean_identifier(
            'coalesce(' ~ gclid ~ ', ' ~ dclid ~ ", nullif(regexp_extract(page_location_parameter, '"
            ~ url_click_id ~ "', 2), ''))") }} as click_id,
        case
            when {{ journey.clean_identifier(gclid) }} is not null then 'gclid'
            when {{ journey.clean_identifier(dclid) }} is not null then 'dclid'
            else lower(nullif(regexp_extract(page_location_parameter, '{{ url_click_id }}', 1), ''))
        end as click_id_type,

        -- device and place
        lower(trim(device_category)) as device_type,
        nullif(trim(device_browser), '') as browser,
        {{ journey.ga4_operating_system('device_operating_system') }} as os,
        {{ journey.ga4_country_code('geo_country') }} as country,
        cast(null as {{ dbt.type_string() }}) as user_agent_lower,

        -- properties: the keys the staged events read, from GA4's parameters and ecommerce record
        {{ journey.json_object_text([
            ('order_id', 'coalesce(order_id_parameter, transaction_id_parameter, ecommerce_transaction_id)'),
            ('revenue', 'coalesce(revenue_parameter, value_parameter, ecommerce_purchase_revenue, '
                ~ 'ecommerce_refund_value)'),
            ('currency', 'currency_parameter'),
            ('error_code', 'error_code_parameter'),
            ('form_id', 'form_id_parameter'),
            ('plan', 'plan_parameter'),
            ('payment_method', 'coalesce(payment_method_parameter, payment_type_parameter)'),
            ('search_term', journey.redact_emails('search_term_parameter')),
            ('step', 'step_parameter'),
            ('feature', 'feature_parameter'),
        ]) }} as properties,

        -- timestamps
        cast(event_timestamp as {{ dbt.type_string() }}) as event_at_raw,
        {{ journey.timestamp_from_micros(journey.to_integer('event_timestamp')) }} as event_at,
        {{ journey.to_utc_timestamp('loaded_at') }} as loaded_at,

        -- where the row came from
        'ga4_events' as source_table,
        cast(table_suffix as {{ dbt.type_string() }}) as table_suffix,
        is_intraday
    from values_flattened
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
