"""The GA4 BigQuery export adapter on its hand-written fixture (tests/raw_data/trackers/ga4_events.ndjson).

The fixture, worked out by hand (times UTC; every identifier starts with ``ga4-``):

* daily table events_20260301 (14 rows, loaded 2026-03-02 06:00):
  - device ga4-a-laptop (desktop, Chrome, Macintosh, Germany), ga_session_id 1772359200:
    10:00:00 session_start and 10:00:01 page_view on /pricing, tagged Google / cpc / Spring Sale with gclid
    ga4-gclid-1 (session_start through collected_traffic_source, page_view through its parameters);
    10:05 view_item; 10:10 sign_up (user_id ga4-user-a from here on); 10:50 begin_checkout (40 minutes
    later, in the same GA4 session); 10:52 add_payment_info (payment_type Card); 10:53 purchase
    (transaction_id ga4-order-1, value 49.0 EUR);
  - device ga4-b-laptop (desktop, Firefox, Windows, United Kingdom), ga_session_id 1772366400, no referrer:
    12:00:00 session_start, 12:00:01 page_view /, 12:03 view_item_list, 12:04 add_to_cart, 12:06
    generate_lead (form_id ga4-contact), 12:20 page_view /pricing;
  - 13:00 a page_view with neither user_pseudo_id nor user_id (a consent-mode ping): quarantined.
* intraday table events_intraday_20260301 (3 rows, loaded 2026-03-01 12:00, before the daily table):
  copies of the laptop's session_start, page_view and purchase (the purchase without the user_id):
  duplicates, the daily rows are kept.
* intraday table events_intraday_20260302 (5 rows; no daily table yet): device ga4-a-phone (mobile, Safari,
  iOS, Germany), ga_session_id 1772442000, from news.ycombinator.com: 09:00:00 session_start, 09:00:01
  page_view /blog/ga4-guide, 09:02 login (user_id ga4-user-a), 09:03 search (search_term 'pricing plans'),
  09:04 page_view /pricing.

So: 22 raw rows = 18 staged + 1 quarantined + 3 duplicates; two people (ga4-user-a on two devices, and the
anonymous ga4-b-laptop); the fixture's three mixed-web-1 rows (test_tracker_mixed.py) make the table's
reconciliation 25 = 21 + 1 + 3; sessions by GA4's ids: 3 (7, 6 and 5 events); by the 30-minute timeout rule the
laptop's session splits at the 40-minute gap: 4 sessions.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from journeykit.project import run_dbt

FIXTURE = Path(__file__).resolve().parents[1] / "raw_data" / "trackers" / "ga4_events.ndjson"
GA4 = "source_table = 'ga4_events'"


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def ga4(tracker_fixture) -> duckdb.DuckDBPyConnection:
    connection = tracker_fixture.connect()
    yield connection
    connection.close()


def test_raw_rows_reconcile_daily_over_intraday(ga4: duckdb.DuckDBPyConnection) -> None:
    assert rows(ga4, """
        select raw_rows, staged_rows, quarantined_rows, duplicate_rows, is_reconciled
        from intermediate.int_raw_rows_reconciled where source_table = 'ga4_events'
    """) == [(22 + 3, 18 + 3, 1, 3, True)]  # + the mixed fixture's 3 rows (test_tracker_mixed.py)
    # the three intraday copies of 2026-03-01 are the duplicates, whatever their earlier load
    assert rows(ga4, """
        select table_suffix, event_name_raw from staging.base_ga4__events where is_duplicate
        order by event_at
    """) == [("intraday_20260301", "session_start"), ("intraday_20260301", "page_view"),
             ("intraday_20260301", "purchase")]
    assert rows(ga4, """
        select quarantine_reason, table_suffix, event_name_raw from staging.base_ga4__events
        where quarantine_reason is not null
    """) == [("missing_identifier", "20260301", "page_view")]
    # 2026-03-02 has only its intraday table: its rows are staged
    assert rows(ga4, """
        select count(*) from staging.base_ga4__events
        where table_suffix = 'intraday_20260302' and not is_duplicate and quarantine_reason is null
    """) == [(5,)]


def test_event_params_are_extracted(ga4: duckdb.DuckDBPyConnection) -> None:
    staged = rows(ga4, f"""
        select
            canonical_event, event_at::varchar, anonymous_id, user_id, tracker_session_id, page_path,
            referrer_host, utm_source, utm_medium, utm_campaign, click_id, click_id_type, device_type, browser,
            os, country, order_id, revenue, currency, payment_method, search_term, form_id
        from staging.stg_ga4__events where {GA4} and anonymous_id = 'ga4-a-laptop'
        order by event_at
    """)
    laptop = ("ga4-a-laptop", None, "1772359200")
    device = ("desktop", "Chrome", "macOS", "DE")
    tagged = ("www.google.com", "google", "cpc", "spring_sale", "ga4-gclid-1", "gclid")
    untagged = (None, None, None, None, None, None)
    none6 = (None, None, None, None, None, None)
    assert staged == [
        ("session_start", "2026-03-01 10:00:00", *laptop, "/pricing", *tagged, *device, *none6),
        ("page_view", "2026-03-01 10:00:01", *laptop, "/pricing", *tagged, *device, *none6),
        ("view_item", "2026-03-01 10:05:00", *laptop, "/pricing", *untagged, *device,
         None, 49, "EUR", None, None, None),
        ("sign_up", "2026-03-01 10:10:00", "ga4-a-laptop", "ga4-user-a", "1772359200", "/signup", *untagged,
         *device, *none6),
        ("checkout_started", "2026-03-01 10:50:00", "ga4-a-laptop", "ga4-user-a", "1772359200", "/checkout",
         *untagged, *device, None, 49, "EUR", None, None, None),
        ("payment_info_entered", "2026-03-01 10:52:00", "ga4-a-laptop", "ga4-user-a", "1772359200",
         "/checkout/payment", *untagged, *device, None, 49, "EUR", "card", None, None),
        # the daily row, with the user_id that the intraday copy lacked
        ("order_completed", "2026-03-01 10:53:00", "ga4-a-laptop", "ga4-user-a", "1772359200", "/checkout/done",
         *untagged, *device, "ga4-order-1", 49, "EUR", None, None, None),
    ]
    assert rows(ga4, f"""
        select canonical_event, search_term, form_id, country, device_type, os, referrer_host
        from staging.stg_ga4__events
        where {GA4} and canonical_event in ('site_search', 'generate_lead')
        order by event_at
    """) == [("generate_lead", None, "ga4-contact", "GB", "desktop", "Windows", None),
             ("site_search", "pricing plans", None, "DE", "mobile", "iOS", None)]


def test_sessions_follow_ga_session_id(ga4: duckdb.DuckDBPyConnection) -> None:
    assert rows(ga4, """
        select anonymous_id, session_started_at::varchar, session_ended_at::varchar, events_count,
            page_views_count, entry_channel_group, entry_source, entry_medium, entry_campaign, has_click_id,
            landing_page_path
        from intermediate.int_sessions_aggregated where anonymous_id like 'ga4-%'
        order by session_started_at
    """) == [
        ("ga4-a-laptop", "2026-03-01 10:00:00", "2026-03-01 10:53:00", 7, 1, "Paid Search", "google", "cpc",
         "spring_sale", True, "/pricing"),
        ("ga4-b-laptop", "2026-03-01 12:00:00", "2026-03-01 12:20:00", 6, 2, "Direct", "(direct)", "(none)",
         "(not set)", False, "/"),
        ("ga4-a-phone", "2026-03-02 09:00:00", "2026-03-02 09:04:00", 5, 2, "Referral", "news.ycombinator.com",
         "referral", "(not set)", False, "/blog/ga4-guide"),
    ]


def test_persons_stitch_two_pseudo_ids_by_user_id(ga4: duckdb.DuckDBPyConnection) -> None:
    people = rows(ga4, """
        select
            persons.acquisition_channel_group, persons.acquisition_source, persons.first_device_type,
            persons.country, persons.signed_up_at::varchar, persons.devices_count, persons.user_ids_count,
            persons.sessions_count, persons.lifecycle_stage
        from marts.dim_persons as persons
        where persons.person_id in (
            select person_id from intermediate.int_sessions_aggregated where anonymous_id like 'ga4-%'
        )
        order by persons.first_seen_at
    """)
    assert people == [
        # a customer: ga4-order-1, the purchase event's order (the fixture has no orders table)
        ("Paid Search", "google", "desktop", "DE", "2026-03-01 10:10:00", 2, 1, 2, "customer"),
        ("Direct", "(direct)", "desktop", "GB", None, 1, 0, 1, "visitor"),
    ]
    assert rows(ga4, """
        select count(distinct person_id) from intermediate.int_sessions_aggregated
        where anonymous_id in ('ga4-a-laptop', 'ga4-a-phone')
    """) == [(1,)]


def test_funnels_per_person(ga4: duckdb.DuckDBPyConnection) -> None:
    assert rows(ga4, """
        select entries.funnel_name, sessions.anonymous_id, entries.furthest_step_number, entries.is_converted
        from marts.fct_funnel_entries as entries
        inner join (
            select distinct person_id, first_value(anonymous_id) over (
                partition by person_id order by session_started_at) as anonymous_id
            from intermediate.int_sessions_aggregated where anonymous_id like 'ga4-%'
        ) as sessions on entries.person_id = sessions.person_id
        where entries.funnel_name in ('visit_to_purchase', 'signup_to_purchase', 'checkout_session')
        order by 1, 2
    """) == [
        ("checkout_session", "ga4-a-laptop", 3, True),
        ("signup_to_purchase", "ga4-a-laptop", 4, True),
        ("visit_to_purchase", "ga4-a-laptop", 4, True),
        ("visit_to_purchase", "ga4-b-laptop", 1, False),
    ]


def test_timeout_rule_when_sessions_do_not_follow_the_tracker(tmp_path: Path) -> None:
    """journey_sessions_follow_tracker: false cuts the laptop's GA4 session at its 40-minute gap."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(FIXTURE, raw / FIXTURE.name)
    database = tmp_path / "timeout.duckdb"
    run_dbt(["build", "--select", "+int_sessions_aggregated", "--exclude", "resource_type:test", "resource_type:unit_test",
             "--vars", "{journey_sessions_follow_tracker: false}"],
            raw_path=raw, duckdb_path=database, target_path=tmp_path / "target")
    with duckdb.connect(str(database), read_only=True) as con:
        assert rows(con, """
            select anonymous_id, session_started_at::varchar, session_ended_at::varchar, events_count
            from intermediate.int_sessions_aggregated where anonymous_id like 'ga4-%' order by session_started_at
        """) == [
            ("ga4-a-laptop", "2026-03-01 10:00:00", "2026-03-01 10:10:00", 4),
            ("ga4-a-laptop", "2026-03-01 10:50:00", "2026-03-01 10:53:00", 3),
            ("ga4-b-laptop", "2026-03-01 12:00:00", "2026-03-01 12:20:00", 6),
            ("ga4-a-phone", "2026-03-02 09:00:00", "2026-03-02 09:04:00", 5),
        ]
