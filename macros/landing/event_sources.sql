{#-
    Every adapter that stages events: the native `events` contract and the trackers'
    own exports. Each entry names its landing table, its base model (every raw row,
    validated, with quarantine_reason, is_duplicate, source_table and
    tracker_session_id) and its staging model (the rows kept, conformed by
    journey.tracked_events_conformed). int_events_unioned is the union of the staging
    models and journey.event_source_rows reads either layer, so a new tracker is added
    in one place and everything downstream (sessions, identity, timeline, audit, bots)
    reads it unchanged. Every staging model has the columns of
    journey.staged_event_columns(); the union selects them by name.
-#}
{% macro event_sources() %}
    {{ return([
        {'source_table': 'events', 'base_model': 'base_tracking__events', 'staging_model': 'stg_tracking__events'},
        {'source_table': 'ga4_events', 'base_model': 'base_ga4__events', 'staging_model': 'stg_ga4__events'},
        {'source_table': 'segment_tracks, segment_pages, segment_screens', 'base_model': 'base_segment__events', 'staging_model': 'stg_segment__events'},
        {'source_table': 'snowplow_events', 'base_model': 'base_snowplow__events', 'staging_model': 'stg_snowplow__events'},
    ]) }}
{% endmacro %}


{#-
    The rows of every event source, one select per source joined by union all.
    layer: 'base_model' or 'staging_model'; columns: the columns to select (by name);
    row_filter: an optional predicate applied to every source.
-#}
{% macro event_source_rows(layer, columns, row_filter=none) -%}
    {%- for source in journey.event_sources() %}
    select
        {{ columns | join(',\n        ') }}
    from {{ ref(source[layer]) }}
    {%- if row_filter %}
    where {{ row_filter }}
    {%- endif %}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}


{#- The columns of every staged event model (journey.tracked_events_conformed writes them). -#}
{% macro staged_event_columns() %}
    {{ return([
        'event_id', 'source_table', 'tracker_session_id', 'anonymous_id', 'user_id', 'email_hash',
        'event_name_raw', 'canonical_event', 'journey_stage', 'metric_family', 'is_mapped_event',
        'platform', 'page_url', 'page_host', 'page_path', 'referrer_url', 'referrer_host', 'is_internal_referrer',
        'utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term',
        'utm_source_raw', 'utm_medium_raw', 'utm_campaign_raw', 'click_id', 'click_id_type',
        'traffic_source', 'traffic_medium', 'traffic_campaign', 'channel_group', 'has_traffic_source',
        'device_type', 'browser', 'os', 'country', 'properties',
        'order_id', 'revenue', 'currency', 'error_code', 'form_id', 'plan', 'payment_method', 'search_term',
        'onboarding_step', 'feature_name',
        'event_at', 'event_date', 'loaded_at', 'is_late_arriving', 'load_date',
    ]) }}
{% endmacro %}
