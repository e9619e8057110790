{#-
    Parsing rules of the Snowplow adapter (models/staging/snowplow): reading the columns
    of Snowplow's atomic.events table (landing table snowplow_events) that its
    enrichments fill. The clock rule (derived_tstamp), the URL, user-agent and JSON
    helpers are the shared ones of the other trackers (macros/trackers/segment.sql,
    macros/trackers/ga4.sql, macros/utils/conform.sql).
-#}

{#-
    When a Snowplow event happened: derived_tstamp, which Snowplow's enrichment computes
    as collector_tstamp - (dvce_sent_tstamp - dvce_created_tstamp) (the device's clock
    trusted only for the delay between the event and its sending); a row loaded without
    it gets the same rule from its own three timestamps, else collector_tstamp.
    Arguments are typed timestamps.
-#}
{% macro snowplow_event_at(derived_tstamp, collector_tstamp, dvce_sent_tstamp, dvce_created_tstamp) -%}
    coalesce(
        {{ derived_tstamp }},
        {{ journey.timestamp_shifted_by_difference(collector_tstamp, dvce_sent_tstamp, dvce_created_tstamp) }},
        {{ collector_tstamp }}
    )
{%- endmacro %}


{#-
    The value of key in a Snowplow self-describing JSON text (contexts, the entities
    attached to the event, or unstruct_event, the event's own data): the first
    `"key": "text"` or `"key": number` in it, as text; null when absent. A regular
    expression, not a JSON path: the entities are an array whose order and schemas
    vary, and array paths differ between engines. Written without backslashes (Spark's
    parser reads them as escapes).
-#}
{% macro snowplow_entity_value(json_text, key) -%}
    coalesce(
        nullif(regexp_extract({{ json_text }}, '"{{ key }}" *: *"([^"]*)"', 1), ''),
        nullif(regexp_extract({{ json_text }}, '"{{ key }}" *: *(-?[0-9][0-9.eE+-]*)', 1), '')
    )
{%- endmacro %}


{#-
    The canonical device type of the user-agent enrichment's dvce_type ('Computer',
    'Mobile', 'Tablet', ...) and dvce_ismobile (is_mobile / is_not_mobile: the flag read as
    true / as false): desktop, mobile or tablet; else read from the user agent
    (journey.user_agent_device_type); else desktop when the enrichment said it is not a
    mobile device.
-#}
{% macro snowplow_device_type(dvce_type, is_mobile, is_not_mobile, user_agent_lower) -%}
    case
        when lower(trim({{ dvce_type }})) in ('computer', 'desktop') then 'desktop'
        when lower(trim({{ dvce_type }})) = 'tablet' then 'tablet'
        when lower(trim({{ dvce_type }})) in ('mobile', 'smartphone', 'phone') then 'mobile'
        when {{ is_mobile }} then 'mobile'
        when {{ journey.user_agent_device_type(user_agent_lower) }} is not null
            then {{ journey.user_agent_device_type(user_agent_lower) }}
        when {{ is_not_mobile }} then 'desktop'
    end
{%- endmacro %}


{#-
    The browser family of the user-agent enrichment (br_family), in the spelling of the
    events contract: its mobile variants ('Chrome Mobile', 'Mobile Safari', 'Firefox
    Mobile', 'Edge Mobile') are the browser; others as sent.
-#}
{% macro snowplow_browser(br_family) -%}
    case
        when lower(trim({{ br_family }})) like 'chrome%' then 'Chrome'
        when lower(trim({{ br_family }})) like '%safari%' then 'Safari'
        when lower(trim({{ br_family }})) like 'firefox%' then 'Firefox'
        when lower(trim({{ br_family }})) like 'edge%' then 'Edge'
        else nullif(trim({{ br_family }}), '')
    end
{%- endmacro %}


{#-
    The click-id parameter of the campaign-attribution enrichment's mkt_network
    (Google: gclid, Microsoft: msclkid, DoubleClick: dclid, and the networks a team adds
    to its configuration: Facebook fbclid, LinkedIn li_fat_id); null for another network.
-#}
{% macro snowplow_click_id_type(mkt_network) -%}
    case lower(trim({{ mkt_network }}))
        when 'google' then 'gclid'
        when 'microsoft' then 'msclkid'
        when 'doubleclick' then 'dclid'
        when 'facebook' then 'fbclid'
        when 'linkedin' then 'li_fat_id'
    end
{%- endmacro %}
