{#-
    The conform step of every staged event model (the native events and each
    tracker's adapter): the valid first deliveries of base_events (a CTE of the
    calling model, with the columns of base_tracking__events) in this run's scope,
    conformed to the event taxonomy and to the channel grouping, with the
    properties every adapter writes as JSON read into columns. The calling model
    defines the CTEs event_taxonomy, click_id_types and channel_rules (its imports)
    and ends with `select * from tracked_events_conformed`. The two joins are
    look-ups into configuration seeds (one row per key), not joins between sources:
    they are what "conform" means here, and keeping them in staging gives every
    later model one vocabulary. The channel rules are matched by
    journey.channel_groups_matched, the same macro that groups ad spend
    (int_attribution_spends_aggregated).
-#}
{% macro tracked_events_conformed(base_events) %}
valid_events as (
    select * from {{ base_events }}
    where quarantine_reason is null and not is_duplicate and {{ journey.is_in_incremental_scope() }}
),

taxonomy_by_key as (
    select
        lower(trim(raw_event_name)) as event_name_key,
        canonical_event,
        journey_stage,
        metric_family
    from event_taxonomy
),

events_with_traffic_source as (
    select
        valid_events.*,
        case when {{ journey.is_valid_json('valid_events.properties') }} then valid_events.properties end
            as valid_properties,
        {{ journey.is_internal_host('valid_events.referrer_host') }} as is_internal_referrer,
        coalesce(
            valid_events.utm_source,
            click_id_types.source,
            case
                when not {{ journey.is_internal_host('valid_events.referrer_host') }}
                    then {{ journey.regex_replace_all('valid_events.referrer_host', "'^www[.]'", "''") }}
            end,
            {{ journey.label('direct') }}
        ) as traffic_source,
        coalesce(
            valid_events.utm_medium,
            click_id_types.medium,
            case
                when
                    not {{ journey.is_internal_host('valid_events.referrer_host') }}
                    and valid_events.referrer_host is not null
                    then 'referral'
            end,
            {{ journey.label('none') }}
        ) as traffic_medium,
        coalesce(valid_events.utm_campaign, {{ journey.label('not_set') }}) as traffic_campaign
    from valid_events
    left join click_id_types
        on
            valid_events.click_id_type = click_id_types.click_id_type
            and valid_events.click_id is not null
),

distinct_traffic_sources as (
    select distinct
        traffic_source,
        traffic_medium,
        traffic_campaign
    from events_with_traffic_source
),

channel_by_traffic_source as (
    {{ journey.channel_groups_matched(
        'distinct_traffic_sources', 'channel_rules', 'traffic_source', 'traffic_medium', 'traffic_campaign'
    ) }}
),

tracked_events_conformed as (
    select
        -- ids
        events.event_id,
        events.source_table,
        events.tracker_session_id,
        events.anonymous_id,
        events.user_id,
        events.email_hash,

        -- event, conformed to the taxonomy (unmapped names are kept as they are)
        events.event_name_raw,
        coalesce(taxonomy_by_key.canonical_event, lower(events.event_name_raw)) as canonical_event,
        coalesce(taxonomy_by_key.journey_stage, 'unclassified') as journey_stage,
        coalesce(taxonomy_by_key.metric_family, 'unclassified') as metric_family,
        taxonomy_by_key.canonical_event is not null as is_mapped_event,

        -- page
        events.platform,
        events.page_url,
        events.page_host,
        events.page_path,
        events.referrer_url,
        events.referrer_host,
        events.is_internal_referrer,

        -- campaign tags
        events.utm_source,
        events.utm_medium,
        events.utm_campaign,
        events.utm_content,
        events.utm_term,
        events.utm_source_raw,
        events.utm_medium_raw,
        events.utm_campaign_raw,
        events.click_id,
        events.click_id_type,

        -- traffic source and channel
        events.traffic_source,
        events.traffic_medium,
        events.traffic_campaign,
        channel_by_traffic_source.channel_group,
        (
            events.utm_source is not null
            or events.utm_medium is not null
            or events.utm_campaign is not null
            or events.click_id is not null
            or (events.referrer_host is not null and not events.is_internal_referrer)
        ) as has_traffic_source,

        -- device and place
        events.device_type,
        events.browser,
        events.os,
        events.country,

        -- properties
        events.properties,
        {{ journey.json_text('events.valid_properties', 'order_id', validated=true) }} as order_id,
        {{ journey.to_number(journey.json_text('events.valid_properties', 'revenue', validated=true)) }} as revenue,
        upper({{ journey.json_text('events.valid_properties', 'currency', validated=true) }}) as currency,
        {{ journey.json_text('events.valid_properties', 'error_code', validated=true) }} as error_code,
        {{ journey.json_text('events.valid_properties', 'form_id', validated=true) }} as form_id,
        lower({{ journey.json_text('events.valid_properties', 'plan', validated=true) }}) as plan,
        lower({{ journey.json_text('events.valid_properties', 'payment_method', validated=true) }}) as payment_method,
        {{ journey.json_text('events.valid_properties', 'search_term', validated=true) }} as search_term,
        {{ journey.json_text('events.valid_properties', 'step', validated=true) }} as onboarding_step,
        {{ journey.json_text('events.valid_properties', 'feature', validated=true) }} as feature_name,

        -- timestamps
        events.event_at,
        cast(events.event_at as date) as event_date,
        events.loaded_at,
        events.is_late_arriving,
        -- last: Spark keeps a table's partition column last
        events.load_date
    from events_with_traffic_source as events
    left join taxonomy_by_key
        on lower(events.event_name_raw) = taxonomy_by_key.event_name_key
    left join channel_by_traffic_source
        on
            events.traffic_source = channel_by_traffic_source.traffic_source
            and events.traffic_medium = channel_by_traffic_source.traffic_medium
            and events.traffic_campaign = channel_by_traffic_source.traffic_campaign
)
{% endmacro %}
