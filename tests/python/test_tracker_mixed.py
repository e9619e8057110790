"""Two trackers at once: GA4 for the site and Segment for the app, one person in both (tests/raw_data/trackers).

The rows, written by hand (every identifier starts with ``mixed-``; the tracker fixture has no ``orders``
table, so the trackers' orders count: journey_orders_from_trackers = when_no_billing_orders):

* GA4, daily table events_20260304 (loaded 2026-03-05 06:00): device mixed-web-1 (desktop, Chrome, Windows,
  France), ga_session_id 1772614800, landing on / tagged newsletter / email / March Digest:
  09:00:00 session_start, 09:00:01 page_view, 09:04:00 sign_up with user_id mixed-user-1.
* Segment, the iOS app mixed-app-1 (correct clock: sent_at = original_timestamp, received a second later, so
  every event time is received_at by Segment's rule): screen s1 18:00:01 (2026-03-05), identify i1 18:00:31
  naming mixed-user-1 with the email ' Mia.Mixed@Example.com ', tracks t1 Checkout Started 18:02:01,
  t2 Payment Info Entered 18:03:01, t3 Order Completed 18:05:01 (order mixed-order-1, 99 EUR, plan Pro).

Expected by hand: one person holding both devices, the account and the email; two sessions (GA4's, by its
session id: 3 events, Email; the app's, by the timeout rule: 4 events, Direct, 18:00:01-18:05:01); the
timeline interleaves both trackers in time order; the order comes from the Segment track and is a
purchase (EUR 99 at the seed's 0.92 EUR per USD = 107.608696 reporting units); the sign-up funnel starts on
the site and converts in the app; first touch gives the purchase to the site's Email session, last touch to
the app's Direct session, last non-direct touch to Email; linear splits it in halves; time decay (half-life
7 days) weighs the Email touch 2^(-(33 h 05 min 01 s)/7 d) against the Direct touch's 2^(-5 min/7 d).
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import duckdb
import pytest

SALT = "journey-demo-salt"  # the default of var journey_pii_salt


@pytest.fixture(scope="module")
def warehouse(tracker_fixture) -> duckdb.DuckDBPyConnection:
    connection = tracker_fixture.connect()
    yield connection
    connection.close()


def rows(connection: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return connection.execute(sql).fetchall()


@pytest.fixture(scope="module")
def person(warehouse: duckdb.DuckDBPyConnection) -> str:
    found = rows(warehouse, """
        select distinct person_id from intermediate.int_identifiers_resolved
        where identifier_value in ('mixed-web-1', 'mixed-app-1', 'mixed-user-1')
    """)
    assert len(found) == 1, found
    return found[0][0]


def test_one_identity_graph_holds_both_trackers(warehouse: duckdb.DuckDBPyConnection, person: str) -> None:
    email_hash = hashlib.sha256((SALT + "mia.mixed@example.com").encode()).hexdigest()
    assert rows(warehouse, f"""
        select identifier_type, identifier_value from intermediate.int_identifiers_resolved
        where person_id = '{person}' order by 1, 2
    """) == [
        ("anonymous_id", "mixed-app-1"), ("anonymous_id", "mixed-web-1"), ("email", email_hash),
        ("order_id", "mixed-order-1"), ("user_id", "mixed-user-1"),
    ]


def test_sessions_of_each_tracker(warehouse: duckdb.DuckDBPyConnection, person: str) -> None:
    assert rows(warehouse, f"""
        select anonymous_id, session_started_at, session_ended_at, events_count, entry_channel_group, entry_source,
            entry_campaign, platform, device_type
        from intermediate.int_sessions_aggregated where person_id = '{person}' order by session_started_at
    """) == [
        ("mixed-web-1", datetime(2026, 3, 4, 9, 0), datetime(2026, 3, 4, 9, 4), 3, "Email", "newsletter",
         "march_digest", "web", "desktop"),
        ("mixed-app-1", datetime(2026, 3, 5, 18, 0, 1), datetime(2026, 3, 5, 18, 5, 1), 4, "Direct", "(direct)",
         "(not set)", "ios", "mobile"),
    ]


def test_one_timeline_in_time_order(warehouse: duckdb.DuckDBPyConnection, person: str) -> None:
    assert rows(warehouse, f"""
        select activity_number, activity, activity_at from intermediate.int_activities_ordered
        where person_id = '{person}' order by activity_number
    """) == [
        (1, "session_start", datetime(2026, 3, 4, 9, 0)),
        (2, "page_view", datetime(2026, 3, 4, 9, 0, 1)),
        (3, "sign_up", datetime(2026, 3, 4, 9, 4)),
        (4, "page_view", datetime(2026, 3, 5, 18, 0, 1)),
        (5, "checkout_started", datetime(2026, 3, 5, 18, 2, 1)),
        (6, "payment_info_entered", datetime(2026, 3, 5, 18, 3, 1)),
        # the order the track reports, at the track's time: ties go by source, billing before tracking
        (7, "order_placed", datetime(2026, 3, 5, 18, 5, 1)),
        (8, "order_completed", datetime(2026, 3, 5, 18, 5, 1)),
    ]


def test_the_app_order_is_the_persons_purchase(warehouse: duckdb.DuckDBPyConnection, person: str) -> None:
    assert rows(warehouse, """
        select order_id, order_source, anonymous_id, user_id, order_status, plan, amount, currency,
            round(amount_reporting, 6), ordered_at
        from intermediate.int_orders_unioned where order_id like 'mixed-%'
    """) == [("mixed-order-1", "segment_tracks", "mixed-app-1", "mixed-user-1", "completed", "pro", 99, "EUR",
              107.608696, datetime(2026, 3, 5, 18, 5, 1))]
    assert rows(warehouse, f"""
        select acquisition_channel_group, first_device_type, country, signed_up_at, first_purchase_at,
            lifecycle_stage, devices_count, user_ids_count, emails_count, sessions_count, orders_count,
            round(net_revenue, 6), current_plan
        from marts.dim_persons where person_id = '{person}'
    """) == [("Email", "desktop", "FR", datetime(2026, 3, 4, 9, 4), datetime(2026, 3, 5, 18, 5, 1), "customer",
              2, 1, 1, 2, 1, 107.608696, "pro")]


def test_funnels_cross_the_two_trackers(warehouse: duckdb.DuckDBPyConnection, person: str) -> None:
    assert rows(warehouse, f"""
        select funnel_name, furthest_step_number, is_converted, entered_at, converted_at
        from marts.fct_funnel_entries
        where person_id = '{person}' and funnel_name in ('visit_to_purchase', 'signup_to_purchase', 'checkout_session')
        order by 1
    """) == [
        ("checkout_session", 3, True, datetime(2026, 3, 5, 18, 2, 1), datetime(2026, 3, 5, 18, 5, 1)),
        ("signup_to_purchase", 4, True, datetime(2026, 3, 4, 9, 4), datetime(2026, 3, 5, 18, 5, 1)),
        ("visit_to_purchase", 4, True, datetime(2026, 3, 4, 9, 0, 1), datetime(2026, 3, 5, 18, 5, 1)),
    ]


def test_attribution_credits_both_trackers_touches(warehouse: duckdb.DuckDBPyConnection, person: str) -> None:
    credits = rows(warehouse, f"""
        select attribution_model, channel_group, credit
        from marts.fct_attribution_credits
        where person_id = '{person}' and conversion_type = 'purchase'
            and attribution_model in ('first_touch', 'last_touch', 'last_non_direct_touch', 'linear', 'time_decay')
        order by 1, 2
    """)
    email_age_days = (datetime(2026, 3, 5, 18, 5, 1) - datetime(2026, 3, 4, 9, 0)).total_seconds() / 86400
    direct_age_days = 5 / (24 * 60)
    email_weight, direct_weight = 2 ** (-email_age_days / 7), 2 ** (-direct_age_days / 7)
    expected = [
        ("first_touch", "Email", 1.0),
        ("last_non_direct_touch", "Email", 1.0),
        ("last_touch", "Direct", 1.0),
        ("linear", "Direct", 0.5), ("linear", "Email", 0.5),
        ("time_decay", "Direct", direct_weight / (email_weight + direct_weight)),
        ("time_decay", "Email", email_weight / (email_weight + direct_weight)),
    ]
    assert [(m, c) for m, c, _ in credits] == [(m, c) for m, c, _ in expected]
    for (_, _, got), (_, _, want) in zip(credits, expected):
        assert got == pytest.approx(want, abs=1e-9)
