"""The simulated events written as Segment's warehouse tables (``simulate --format segment``).

The native ``events`` file is written first (with the two clock columns of
:func:`.raw_events.write_events`), then turned into ``segment_tracks``, ``segment_pages``,
``segment_screens`` and ``segment_identifies`` by one DuckDB query per table, and removed.

What maps to what: a web page view is a page call, an app page view a screen call (its name the
screen path, ``context_app_name`` the app), every other event a track whose ``event_text`` is the
native name; the message id is the native event_id (a redelivery repeats it); utm tags are
``context_campaign_*``, the page URL, referrer and user agent ``context_page_url``,
``context_page_referrer`` (``url``/``referrer`` on pages) and ``context_user_agent``; the apps send
``context_device_type`` (ios/android) and ``context_os_name``; the country is
``context_location_country``; properties are flattened into their columns. An event with an
email becomes an identify call too (its email trait); the track itself carries no email.
Device clocks are skewed: a quarter of the devices run up to an hour fast or slow, every batch is
sent up to 5 s after its event, and ``original_timestamp``, ``sent_at`` and ``received_at`` are
written so that Segment's rule, received_at - (sent_at - original_timestamp), gives the native time.

What the format cannot carry, and so is not written or differs (state it in the parity test):
  * events whose native timestamp is unparseable or in the future: Segment's clocks are typed and
    its server corrects a device clock, so such rows have no Segment form (they are quarantined in
    the native build, so the staged events are the same);
  * the spelling variants of page views (``pageview``, ``Page Viewed``): every page call is
    ``Page Viewed``;
  * the current screen of an app track: Segment's mobile context has no page, so app tracks have no
    page_url (an app's deep-link query, where the click id and campaign are, is written to
    ``context_page_search``).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

SEGMENT_TABLES = ("segment_tracks", "segment_pages", "segment_screens", "segment_identifies")

#: The device clocks of the tracker formats (Segment, Snowplow): a quarter of the devices have a clock up to an
#: hour off (skew_ms), and each event leaves the device up to 5 s after it happened (delay_ms).
DEVICE_CLOCK_COLUMNS = """
    CASE WHEN hash(coalesce(anonymous_id, '')) % 4 = 0
        THEN (CAST(hash(coalesce(anonymous_id, '')) // 4 % 7201 AS BIGINT) - 3600) * 1000 ELSE 0 END AS skew_ms,
    CAST(hash(event_id) % 5000 AS BIGINT) AS delay_ms
"""

_CLOCKS = """
    epoch_ms(_event_ms) AS "timestamp",
    epoch_ms(_event_ms + skew_ms) AS original_timestamp,
    epoch_ms(_event_ms + skew_ms + delay_ms) AS sent_at,
    epoch_ms(_event_ms + delay_ms) AS received_at,
    loaded_at,
    loaded_at AS uuid_ts
"""

_CONTEXT = """
    CASE WHEN is_web THEN page_url END AS context_page_url,
    CASE WHEN is_web THEN referrer_url END AS context_page_referrer,
    CASE WHEN NOT is_web AND strpos(page_url, '?') > 0 THEN substr(page_url, strpos(page_url, '?')) END
        AS context_page_search,
    utm_source AS context_campaign_source,
    utm_medium AS context_campaign_medium,
    utm_campaign AS context_campaign_name,
    utm_content AS context_campaign_content,
    utm_term AS context_campaign_term,
    user_agent AS context_user_agent,
    CASE WHEN is_web THEN 'analytics.js' ELSE 'analytics-' || platform END AS context_library_name,
    CASE WHEN NOT is_web THEN platform END AS context_device_type,
    CASE WHEN NOT is_web THEN os END AS context_os_name,
    CASE WHEN NOT is_web THEN 'Trailhead' END AS context_app_name,
    country AS context_location_country
"""


def _property(key: str) -> str:
    return f"CASE WHEN json_valid(properties) THEN json_extract_string(properties, '$.{key}') END"


def write_segment_tables(con: duckdb.DuckDBPyConnection, events_path: Path, raw_dir: Path) -> dict[str, int]:
    """Write the four Segment tables from the native events file (which is then removed); row counts."""
    con.execute(f"""
        CREATE OR REPLACE TEMP VIEW _segment_events AS
        SELECT
            *,
            coalesce(platform, 'web') = 'web' AS is_web,
            lower(event_name) IN ('page_view', 'pageview', 'page viewed') AS is_page_view,
            {DEVICE_CLOCK_COLUMNS}
        FROM read_parquet('{events_path}')
        WHERE NOT _clock_defect
    """)
    queries = {
        "segment_pages": f"""
            SELECT event_id AS id, anonymous_id, user_id,
                regexp_extract(page_url, '^[a-z]+://[^/]+(/[^?#]*)', 1) AS name,
                {_CLOCKS},
                page_url AS url, referrer_url AS referrer,
                {_CONTEXT}
            FROM _segment_events WHERE is_page_view AND is_web
        """,
        "segment_screens": f"""
            SELECT event_id AS id, anonymous_id, user_id,
                regexp_extract(page_url, '^app://[^/]+/([^?#]*)', 1) AS name,
                {_CLOCKS},
                {_CONTEXT}
            FROM _segment_events WHERE is_page_view AND NOT is_web
        """,
        "segment_tracks": f"""
            SELECT event_id AS id, anonymous_id, user_id,
                trim(regexp_replace(lower(event_name), '[^a-z0-9]+', '_', 'g'), '_') AS event,
                event_name AS event_text,
                {_CLOCKS},
                {_CONTEXT},
                {_property('order_id')} AS order_id,
                try_cast({_property('revenue')} AS DOUBLE) AS revenue,
                {_property('currency')} AS currency,
                {_property('payment_method')} AS payment_method,
                {_property('plan')} AS plan,
                {_property('search_term')} AS search_term,
                {_property('step')} AS step,
                {_property('feature')} AS feature,
                {_property('form_id')} AS form_id,
                {_property('error_code')} AS error_code
            FROM _segment_events WHERE NOT is_page_view
        """,
        "segment_identifies": f"""
            SELECT 'identify-' || event_id AS id, anonymous_id, user_id, email,
                {_CLOCKS},
                user_agent AS context_user_agent
            FROM _segment_events WHERE email IS NOT NULL
        """,
    }
    rows: dict[str, int] = {}
    for table, query in queries.items():
        path = raw_dir / f"{table}.parquet"
        con.execute(f"COPY ({query}) TO '{path}' (FORMAT parquet, COMPRESSION zstd)")
        rows[table] = con.execute(f"SELECT count(*) FROM read_parquet('{path}')").fetchone()[0]
    con.execute("DROP VIEW _segment_events")
    events_path.unlink()
    return rows
