{#-
    Parsing rules of the Segment adapter (models/staging/segment), shared by its base models.
-#}

{#-
    When a Segment call happened, by Segment's own clock-skew rule (Spec: Common Fields,
    "timestamp"): the device's clock is trusted only for the time between the event and
    the sending of its batch, so

        event time = received_at - (sent_at - original_timestamp)

    (received_at is Segment's server clock; sent_at and original_timestamp are the
    device's). When sent_at or original_timestamp is missing (server-side libraries and
    the HTTP API may send a timestamp of their own and no sentAt), the time is the
    warehouse's `timestamp` column, else original_timestamp, else received_at: the
    order in which Segment itself fills `timestamp`. Arguments are typed timestamps.
-#}
{% macro segment_event_at(received_at, sent_at, original_timestamp, segment_timestamp) -%}
    coalesce(
        {{ journey.timestamp_shifted_by_difference(received_at, sent_at, original_timestamp) }},
        {{ segment_timestamp }},
        {{ original_timestamp }},
        {{ received_at }}
    )
{%- endmacro %}


{#- base - (later - earlier), to the microsecond; null when any is null. -#}
{% macro timestamp_shifted_by_difference(base, later, earlier) %}
    {{ return(adapter.dispatch('timestamp_shifted_by_difference', 'journey')(base, later, earlier)) }}
{% endmacro %}

{#- Standard SQL: timestamp minus timestamp is an interval, timestamp minus interval a timestamp. -#}
{% macro default__timestamp_shifted_by_difference(base, later, earlier) -%}
    ({{ base }} - ({{ later }} - {{ earlier }}))
{%- endmacro %}

{#- Spark: in whole microseconds since the epoch. -#}
{% macro spark__timestamp_shifted_by_difference(base, later, earlier) -%}
    timestamp_micros(unix_micros({{ base }}) - (unix_micros({{ later }}) - unix_micros({{ earlier }})))
{%- endmacro %}


{#-
    A JSON object text (all values as JSON strings) built from (key, expression) pairs;
    a null value leaves its key out, so every engine writes the same text. Backslashes
    and double quotes are escaped (chr(92) is a backslash: no backslash in a literal,
    which Spark's parser would read as an escape).
-#}
{% macro json_object_of_texts(pairs) -%}
    {%- set members = [] -%}
    {%- for key, expr in pairs -%}
        {%- set value = 'replace(replace(' ~ dbt.cast(expr, dbt.type_string()) ~ ', chr(92), '
            ~ dbt.concat(['chr(92)', 'chr(92)']) ~ "), '\"', " ~ dbt.concat(['chr(92)', "'\"'"]) ~ ')' -%}
        {%- do members.append('case when (' ~ expr ~ ') is not null then '
            ~ dbt.concat(["'\"" ~ key ~ "\":\"'", value, "'\"'"]) ~ ' end') -%}
    {%- endfor -%}
    {{ dbt.concat(["'{'", 'concat_ws(\',\', ' ~ members | join(', ') ~ ')', "'}'"]) }}
{%- endmacro %}


{#-
    The query parameter `name` of a URL or query string ('?gclid=abc&x=1' -> 'abc'); null
    when absent or empty.
-#}
{% macro url_parameter(expr, name) -%}
    nullif(regexp_extract({{ expr }}, '[?&]{{ name }}=([^&#]*)', 1), '')
{%- endmacro %}


{#-
    Device attributes Segment's warehouse tables do not carry for the web (analytics.js
    sends the user agent only), read from the user agent (lower-cased) with the common
    rules: an iPad, or Android without 'mobile', is a tablet; 'mobi', iPhone and
    Android are mobile; anything else is a desktop.
-#}
{% macro user_agent_device_type(user_agent_lower) -%}
    case
        when {{ user_agent_lower }} is null then null
        when {{ user_agent_lower }} like '%ipad%' or {{ user_agent_lower }} like '%tablet%' then 'tablet'
        when {{ user_agent_lower }} like '%android%' and {{ user_agent_lower }} not like '%mobile%'
            and {{ user_agent_lower }} like '%mozilla%' then 'tablet'
        when {{ user_agent_lower }} like '%mobi%' or {{ user_agent_lower }} like '%iphone%'
            or {{ user_agent_lower }} like '%android%' or {{ user_agent_lower }} like '%ios %' then 'mobile'
        else 'desktop'
    end
{%- endmacro %}


{#- The browser family of a (lower-cased) browser user agent; null for other clients (apps, scripts). -#}
{% macro user_agent_browser(user_agent_lower) -%}
    case
        when {{ user_agent_lower }} not like 'mozilla/%' then null
        when {{ user_agent_lower }} like '% edg/%' then 'Edge'
        when {{ user_agent_lower }} like '%samsungbrowser/%' then 'Samsung Internet'
        when {{ user_agent_lower }} like '%firefox/%' or {{ user_agent_lower }} like '%fxios/%' then 'Firefox'
        when {{ user_agent_lower }} like '%chrome/%' or {{ user_agent_lower }} like '%crios/%' then 'Chrome'
        when {{ user_agent_lower }} like '%safari/%' then 'Safari'
    end
{%- endmacro %}


{#- The operating system named in a lower-cased text (context_os_name and the user agent). -#}
{% macro user_agent_os(text_lower) -%}
    case
        when {{ text_lower }} like '%windows%' then 'Windows'
        when {{ text_lower }} like '%iphone%' or {{ text_lower }} like '%ipad%' or {{ text_lower }} like '%ios%'
            then 'iOS'
        when {{ text_lower }} like '%android%' then 'Android'
        when {{ text_lower }} like '%mac os x%' or {{ text_lower }} like '%macos%' then 'macOS'
        when {{ text_lower }} like '%linux%' then 'Linux'
    end
{%- endmacro %}
