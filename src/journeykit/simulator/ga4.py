"""The simulated events table in the form of the GA4 BigQuery export (``journeykit simulate --format ga4``).

The native ``raw/events.parquet`` is rewritten, in one DuckDB query (no per-event Python), as
``raw/ga4_events.parquet`` with the columns and records of Google's export schema; every other raw
table stays native. What GA4 carries, and how:

* ``user_pseudo_id`` is the native ``anonymous_id``, ``user_id`` is kept, ``event_timestamp`` is the
  native ``event_at`` in microseconds (null when the text does not parse: staging quarantines it as
  ``unparseable_timestamp`` as it does natively), ``event_date`` its UTC date;
* ``ga_session_id`` (a parameter) is the start of the simulated visit in epoch seconds, from the truth;
* page URL, referrer, utm tags, the ``gclid`` and the properties the staged events read
  (``order_id`` as ``transaction_id``, ``revenue`` as ``value``, ``payment_method`` as ``payment_type``,
  ``currency``, ``error_code``, ``form_id``, ``plan``, ``search_term``, ``step``, ``feature``) are
  event parameters; other click ids stay in ``page_location``'s query string, as in a real export;
* device type, browser (``web_info.browser``), os (``Macintosh`` for macOS, as GA4 writes it) and the
  country (as GA4's English name) are in the ``device`` and ``geo`` records;
* the native names of the events GA4 has a recommended event for are GA4's (``checkout_started`` is
  ``begin_checkout``, ``payment_info_entered`` ``add_payment_info``, ``order_completed`` ``purchase``,
  ``site_search`` ``search``; tracker spellings such as ``Page Viewed`` are GA4's ``page_view``);
* a redelivered native row (the same event_id again) is the event's copy in the intraday table of the
  same date (``table_suffix`` ``intraday_YYYYMMDD``); the first delivery is in the daily table, and a
  third or later delivery is not written (GA4 exports an event at most twice, so the duplicate count is
  the number of redelivered events, not of copies).

What GA4 cannot carry, and is dropped: the ``email`` (GA4 forbids personal data), the ``user_agent``
(GA4 drops bots itself, so the rows of bot user agents are not written), properties other than the
ones above, and the spelling variants of event names.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from .catalog import COUNTRIES

#: GA4's English country names of the simulator's ISO codes.
COUNTRY_NAMES = {
    "US": "United States", "GB": "United Kingdom", "DE": "Germany", "CA": "Canada", "FR": "France", "IN": "India",
    "AU": "Australia", "NL": "Netherlands", "BR": "Brazil", "ES": "Spain", "JP": "Japan", "SE": "Sweden",
    "IE": "Ireland", "PL": "Poland", "MX": "Mexico", "SG": "Singapore",
}
assert {c[0] for c in COUNTRIES} <= set(COUNTRY_NAMES), "a simulated country has no GA4 name"

#: Native event names -> GA4's recommended event of the same meaning (others are kept).
EVENT_NAMES = {
    "pageview": "page_view", "Page Viewed": "page_view", "checkout_started": "begin_checkout",
    "payment_info_entered": "add_payment_info", "order_completed": "purchase", "site_search": "search",
    "signup": "sign_up", "Demo Requested": "demo_request",
}

#: Native property -> the GA4 parameter it is written as, and whether the value is a number.
PARAMETERS = {
    "order_id": ("transaction_id", False), "revenue": ("value", True), "currency": ("currency", False),
    "error_code": ("error_code", False), "form_id": ("form_id", False), "plan": ("plan", False),
    "payment_method": ("payment_type", False), "search_term": ("search_term", False), "step": ("step", False),
    "feature": ("feature", False),
}

#: The project's default journey_bot_user_agent_pattern (dbt_project.yml): the rows GA4 would not export.
BOT_PATTERN = "bot|crawl|spider|slurp|headless|python-requests|curl/|wget|phantomjs|scrapy"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _map_sql(mapping: dict[str, str], expr: str) -> str:
    whens = " ".join(f"when {_literal(k)} then {_literal(v)}" for k, v in mapping.items())
    return f"case {expr} {whens} else {expr} end"


def _param(key: str, kind: str, expr: str) -> str:
    """One event_params record (key, value) for a non-null value, else null (filtered out below)."""
    value = {"string": "null::varchar", "int": "null::bigint", "double": "null::double"}
    value[kind] = expr
    return (f"case when ({expr}) is not null then {{'key': {_literal(key)}, 'value': {{"
            f"'string_value': {value['string']}, 'int_value': {value['int']}, "
            f"'float_value': null::double, 'double_value': {value['double']}}}}} end")


def write_ga4_events(raw: Path, truth: Path, threads: int = 2) -> int:
    """Rewrite ``raw/events.parquet`` as ``raw/ga4_events.parquet`` (and remove the native file); returns its rows."""
    events, out = raw / "events.parquet", raw / "ga4_events.parquet"
    params = [
        _param("ga_session_id", "int", "ga_session_id"),
        _param("page_location", "string", "page_location"),
        _param("page_referrer", "string", "referrer_url"),
        _param("source", "string", "utm_source"),
        _param("medium", "string", "utm_medium"),
        _param("campaign", "string", "utm_campaign"),
        _param("content", "string", "utm_content"),
        _param("term", "string", "utm_term"),
        _param("gclid", "string", "case when click_id_type = 'gclid' then click_id end"),
    ]
    for native, (key, is_number) in PARAMETERS.items():
        text = f"case when json_valid(properties) then json_extract_string(properties, '$.{native}') end"
        params.append(_param(key, "double", f"try_cast({text} as double)") if is_number else
                      _param(key, "string", text))
    countries = _map_sql(COUNTRY_NAMES, "country")
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    con.execute(f"set threads = {threads}")
    con.execute(f"""
        copy (
            with native as (
                select
                    *,
                    try_cast(event_at as timestamptz) as happened_at,
                    row_number() over (partition by event_id order by loaded_at) as delivery
                from read_parquet({_literal(str(events))})
                where not regexp_matches(lower(coalesce(user_agent, '')), {_literal(BOT_PATTERN)})
                -- GA4 has at most two copies of an event (daily and intraday): a third delivery is not written
                qualify delivery <= 2
            ),
            sessions as (
                select event_truth.event_id, cast(epoch(visits.started_at) as bigint) as ga_session_id
                from read_parquet({_literal(str(truth / 'event_truth.parquet'))}) as event_truth
                inner join read_parquet({_literal(str(truth / 'visits.parquet'))}) as visits using (visit_id)
            ),
            prepared as (
                select
                    native.*,
                    sessions.ga_session_id,
                    case
                        when click_id is not null and click_id_type <> 'gclid' and page_url is not null
                            and not contains(page_url, click_id_type || '=')
                            then page_url || case when contains(page_url, '?') then '&' else '?' end
                                || click_id_type || '=' || click_id
                        else page_url
                    end as page_location,
                    strftime(happened_at, '%Y%m%d') as shard_date
                from native
                left join sessions using (event_id)
            )
            select
                shard_date as event_date,
                epoch_us(happened_at) as event_timestamp,
                {_map_sql(EVENT_NAMES, 'event_name')} as event_name,
                list_filter([{', '.join(params)}], parameter -> parameter is not null) as event_params,
                cast(abs(hash(event_id) % 1000000000) as bigint) as event_bundle_sequence_id,
                anonymous_id as user_pseudo_id,
                user_id,
                upper(platform) as platform,
                'simulated-web' as stream_id,
                {{'category': device_type, 'operating_system': case when os = 'macOS' then 'Macintosh' else os end,
                  'web_info': {{'browser': browser}}}} as device,
                {{'country': {countries}}} as geo,
                {{'manual_source': utm_source, 'manual_medium': utm_medium, 'manual_campaign_name': utm_campaign,
                  'gclid': case when click_id_type = 'gclid' then click_id end}} as collected_traffic_source,
                case when delivery = 1 then shard_date else 'intraday_' || shard_date end as table_suffix,
                loaded_at
            from prepared
            order by loaded_at, event_id, delivery
        ) to {_literal(str(out))} (format parquet, compression zstd)
    """)
    rows = con.execute(f"select count(*) from read_parquet({_literal(str(out))})").fetchone()[0]
    con.close()
    events.unlink()
    return int(rows)
