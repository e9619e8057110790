"""The simulated events written as Snowplow's atomic.events table (``simulate --format snowplow``).

The native ``events`` file is written first (with the two clock columns of
:func:`.raw_events.write_events`), then turned into ``snowplow_events`` by one DuckDB query, and removed.

What maps to what: a web page view is a ``page_view`` event, an app page view a self-describing
``screen_view`` (its name the screen path, ``app_id`` the app, no page_url: Snowplow's mobile trackers send
none), an order_completed event with an order id a ``transaction`` (``tr_orderid``, ``tr_total``,
``tr_currency``), every other event a structured event whose ``se_action`` is the native name; the event id
is the native event_id (a redelivery repeats it); ``domain_userid`` is the anonymous id and
``domain_sessionid`` a session of the device cut by a 30-minute gap (the trackers' default); utm tags are
the campaign-attribution enrichment's ``mkt_*``, the click id ``mkt_clickid`` with its ``mkt_network``; the
user-agent enrichment's ``dvce_type`` (Computer, Mobile, Tablet), ``br_family`` and ``os_family`` (macOS as
Snowplow spells it, Mac OS X) and the IP lookup's ``geo_country`` come from the native columns; the
properties are an entity attached to the event (``contexts``), and so is the email (a user entity).
Device clocks are skewed as in :mod:`.segment` (:data:`.segment.DEVICE_CLOCK_COLUMNS`), and
``dvce_created_tstamp``, ``dvce_sent_tstamp``, ``collector_tstamp`` and ``derived_tstamp`` are written so
that Snowplow's rule, collector - (sent - created), gives the native time (derived_tstamp).

What the format cannot carry, and so is not written or differs (state it in the parity test):
  * events whose native timestamp is unparseable or in the future: Snowplow's timestamps are typed and its
    collector stamps every event, so such rows have no Snowplow form (they are quarantined in the native
    build, so the staged events are the same);
  * the spelling variants of page views (``pageview``, ``Page Viewed``): every page view is ``page_view``;
  * the page of an app event that is not a screen view: Snowplow's mobile trackers send no page_url;
  * an order_completed event without an order id is a structured event (a transaction needs tr_orderid).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from .segment import DEVICE_CLOCK_COLUMNS

SNOWPLOW_TABLES = ("snowplow_events",)

_CONTEXTS_SCHEMA = "iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0"
_UNSTRUCT_SCHEMA = "iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0"
_SCREEN_VIEW_SCHEMA = "iglu:com.snowplowanalytics.mobile/screen_view/jsonschema/1-0-0"
_USER_SCHEMA = "iglu:io.trailhead/user/jsonschema/1-0-0"
_PROPERTIES_SCHEMA = "iglu:io.trailhead/event_properties/jsonschema/1-0-0"


def write_snowplow_events(con: duckdb.DuckDBPyConnection, events_path: Path, raw_dir: Path) -> dict[str, int]:
    """Write ``snowplow_events`` from the native events file (which is then removed); its row count."""
    con.execute(f"""
        CREATE OR REPLACE TEMP VIEW _snowplow_events AS
        SELECT
            *,
            coalesce(platform, 'web') = 'web' AS is_web,
            lower(event_name) IN ('page_view', 'pageview', 'page viewed') AS is_page_view,
            lower(event_name) = 'order_completed'
                AND CASE WHEN json_valid(properties) THEN json_extract_string(properties, '$.order_id') END
                    IS NOT NULL AS is_transaction,
            CASE WHEN json_valid(properties) AND properties NOT IN ('{{}}', '') THEN properties END AS properties_json,
            {DEVICE_CLOCK_COLUMNS}
        FROM read_parquet('{events_path}')
        WHERE NOT _clock_defect
    """)
    con.execute("""
        CREATE OR REPLACE TEMP VIEW _snowplow_sessions AS
        SELECT
            *,
            sum(CASE WHEN previous_ms IS NULL OR _event_ms - previous_ms >= 30 * 60 * 1000 THEN 1 ELSE 0 END)
                OVER (PARTITION BY anonymous_id ORDER BY _event_ms, event_id ROWS UNBOUNDED PRECEDING)
                AS session_index
        FROM (
            SELECT *, lag(_event_ms) OVER (PARTITION BY anonymous_id ORDER BY _event_ms, event_id) AS previous_ms
            FROM _snowplow_events
        )
    """)
    query = f"""
        SELECT
            CASE WHEN is_web THEN 'trailhead-web' ELSE 'trailhead' END AS app_id,
            CASE WHEN is_web THEN 'web' ELSE 'mob' END AS platform,
            event_id,
            CASE
                WHEN is_page_view AND is_web THEN 'page_view'
                WHEN is_page_view THEN 'unstruct'
                WHEN is_transaction THEN 'transaction'
                ELSE 'struct'
            END AS event,
            CASE
                WHEN is_page_view AND is_web THEN 'page_view'
                WHEN is_page_view THEN 'screen_view'
                WHEN is_transaction THEN 'transaction'
                ELSE 'event'
            END AS event_name,
            md5(concat_ws('|', event_id, event_name, anonymous_id, user_id, email, page_url, properties))
                AS event_fingerprint,
            epoch_ms(_event_ms + delay_ms) AS collector_tstamp,
            epoch_ms(_event_ms + skew_ms) AS dvce_created_tstamp,
            epoch_ms(_event_ms + skew_ms + delay_ms) AS dvce_sent_tstamp,
            epoch_ms(_event_ms) AS derived_tstamp,
            loaded_at AS load_tstamp,
            loaded_at,
            anonymous_id AS domain_userid,
            CASE WHEN anonymous_id IS NOT NULL
                THEN md5(anonymous_id || '|' || CAST(session_index AS VARCHAR)) END AS domain_sessionid,
            CASE WHEN anonymous_id IS NOT NULL THEN session_index END AS domain_sessionidx,
            CASE WHEN is_web AND anonymous_id IS NOT NULL THEN md5('network|' || anonymous_id) END AS network_userid,
            user_id,
            CASE WHEN is_web THEN page_url END AS page_url,
            CASE WHEN is_web THEN regexp_extract(page_url, '^[a-z]+://[^/]+(/[^?#]*)', 1) END AS page_urlpath,
            CASE WHEN is_web THEN referrer_url END AS page_referrer,
            utm_medium AS mkt_medium,
            utm_source AS mkt_source,
            utm_campaign AS mkt_campaign,
            utm_term AS mkt_term,
            utm_content AS mkt_content,
            click_id AS mkt_clickid,
            CASE click_id_type
                WHEN 'gclid' THEN 'Google' WHEN 'msclkid' THEN 'Microsoft' WHEN 'fbclid' THEN 'Facebook'
                WHEN 'li_fat_id' THEN 'LinkedIn'
            END AS mkt_network,
            user_agent AS useragent,
            browser AS br_family,
            CASE WHEN os = 'macOS' THEN 'Mac OS X' ELSE os END AS os_family,
            CASE device_type WHEN 'desktop' THEN 'Computer' WHEN 'mobile' THEN 'Mobile' WHEN 'tablet' THEN 'Tablet'
                ELSE device_type END AS dvce_type,
            device_type IN ('mobile', 'tablet') AS dvce_ismobile,
            country AS geo_country,
            CASE WHEN NOT is_page_view AND NOT is_transaction THEN 'trailhead' END AS se_category,
            CASE WHEN NOT is_page_view AND NOT is_transaction THEN event_name END AS se_action,
            CASE WHEN is_transaction THEN json_extract_string(properties, '$.order_id') END AS tr_orderid,
            CASE WHEN is_transaction THEN try_cast(json_extract_string(properties, '$.revenue') AS DOUBLE) END
                AS tr_total,
            CASE WHEN is_transaction THEN json_extract_string(properties, '$.currency') END AS tr_currency,
            CASE WHEN email IS NOT NULL OR properties_json IS NOT NULL THEN CAST(json_object(
                'schema', '{_CONTEXTS_SCHEMA}',
                'data', list_filter([
                    CASE WHEN email IS NOT NULL
                        THEN json_object('schema', '{_USER_SCHEMA}', 'data', json_object('email', email)) END,
                    CASE WHEN properties_json IS NOT NULL
                        THEN json_object('schema', '{_PROPERTIES_SCHEMA}', 'data', json(properties_json)) END
                ], entity -> entity IS NOT NULL)
            ) AS VARCHAR) END AS contexts,
            CASE WHEN is_page_view AND NOT is_web THEN CAST(json_object(
                'schema', '{_UNSTRUCT_SCHEMA}',
                'data', json_object('schema', '{_SCREEN_VIEW_SCHEMA}', 'data', json_object(
                    'name', regexp_extract(page_url, '^app://[^/]+/([^?#]*)', 1), 'id', event_id))
            ) AS VARCHAR) END AS unstruct_event
        FROM _snowplow_sessions
    """
    path = raw_dir / "snowplow_events.parquet"
    con.execute(f"COPY ({query}) TO '{path}' (FORMAT parquet, COMPRESSION zstd)")
    rows = {"snowplow_events": con.execute(f"SELECT count(*) FROM read_parquet('{path}')").fetchone()[0]}
    con.execute("DROP VIEW _snowplow_sessions")
    con.execute("DROP VIEW _snowplow_events")
    events_path.unlink()
    return rows
