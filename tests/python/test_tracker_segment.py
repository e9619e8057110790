"""The Segment adapter on a hand-written export (tests/raw_data/trackers/segment_*.csv).

The four files follow Segment's warehouse schema (tracks, pages, screens, identifies; flattened
context_* columns). Every identifier starts with `segment-`, so the assertions below read only this
tracker's rows of the shared tracker build. The expected values were worked out by hand:

* Device segment-anon-1 (web, Chrome on Windows) has a clock two hours fast. Segment's rule,
  event time = received_at - (sent_at - original_timestamp), gives
  p1 10:00:07 - 5 s = 10:00:02, t1 10:05:31 - 30 s = 10:05:01, p2 11:00:01 - 1 s = 11:00:00,
  t2 11:10:05 - 4 s = 11:10:01, t3 11:12:12 - 10 s = 11:12:02, t4 11:20:12 - 10 s = 11:20:02 (2 March).
  Its sessions: {p1, t1} (a gclid and google/cpc tags: Paid Search) and, 54:59 later, {p2, t2, t3, t4}
  (referred by news.ycombinator.com: Referral).
* The app install segment-anon-2 (iOS) has a correct clock and a 30 s batch delay: s1 at
  08:00:31 - 30 s = 08:00:01, s2 at 08:05:00 (3 March); one Direct session. It is identified as
  segment-user-1 by i2, which has no sentAt: its time is Segment's own `timestamp`, 08:01:00.
* i1 identifies segment-anon-1 as segment-user-1 with the email trait ' Ana.Segment@...com ';
  t5 is a server-side track of segment-user-1 alone (no sentAt: `timestamp`, 09:00:00).
  So one person holds segment-anon-1, segment-anon-2, segment-user-1 and the email.
* segment-anon-3 (iPhone Safari) never identifies: p3 at 09:00:00 (newsletter/email: Email),
  p4 29:59 later in the same session, p5 exactly 30:00 after p4, so a new (Direct) session.
* Redeliveries of p1, t1 and i2 are duplicates; t6 and i3 name nobody (missing_identifier); the
  Googlebot page is a bot.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import duckdb
import pytest

SALT = "journey-demo-salt"  # the default of var journey_pii_salt
PERSON_OF = """
    select person_id from intermediate.int_identifiers_resolved
    where identifier_type = 'anonymous_id' and identifier_value = '{anonymous_id}'
"""


@pytest.fixture(scope="module")
def warehouse(tracker_fixture) -> duckdb.DuckDBPyConnection:
    connection = tracker_fixture.connect()
    yield connection
    connection.close()


def rows(connection: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return connection.execute(sql).fetchall()


def person_of(connection: duckdb.DuckDBPyConnection, anonymous_id: str) -> str:
    return rows(connection, PERSON_OF.format(anonymous_id=anonymous_id))[0][0]


def test_event_times_follow_segments_clock_skew_rule(warehouse: duckdb.DuckDBPyConnection) -> None:
    staged = dict(rows(warehouse, """
        select event_id, event_at from staging.stg_segment__events where event_id like 'segment-%'
    """))
    assert staged == {
        "segment-msg-p1": datetime(2026, 3, 2, 10, 0, 2),
        "segment-msg-t1": datetime(2026, 3, 2, 10, 5, 1),
        "segment-msg-p2": datetime(2026, 3, 2, 11, 0, 0),
        "segment-msg-t2": datetime(2026, 3, 2, 11, 10, 1),
        "segment-msg-t3": datetime(2026, 3, 2, 11, 12, 2),
        "segment-msg-t4": datetime(2026, 3, 2, 11, 20, 2),
        "segment-msg-s1": datetime(2026, 3, 3, 8, 0, 1),
        "segment-msg-s2": datetime(2026, 3, 3, 8, 5, 0),
        "segment-msg-t5": datetime(2026, 3, 3, 9, 0, 0),  # no sentAt: Segment's own timestamp
        "segment-msg-p3": datetime(2026, 3, 4, 9, 0, 0),
        "segment-msg-p4": datetime(2026, 3, 4, 9, 29, 59),
        "segment-msg-p5": datetime(2026, 3, 4, 9, 59, 59),
    }
    identified = dict(rows(warehouse, """
        select identify_id, identified_at from staging.stg_segment__identifies where identify_id like 'segment-%'
    """))
    assert identified == {
        "segment-msg-i1": datetime(2026, 3, 2, 10, 5, 1),
        "segment-msg-i2": datetime(2026, 3, 3, 8, 1, 0),
    }


def test_calls_map_to_canonical_events_and_columns(warehouse: duckdb.DuckDBPyConnection) -> None:
    staged = {row[0]: row[1:] for row in rows(warehouse, """
        select event_id, source_table, canonical_event, is_mapped_event, platform, page_path, device_type,
            browser, os, country, order_id, revenue, currency, payment_method, plan
        from staging.stg_segment__events where event_id like 'segment-%'
    """)}
    web = ("web", "desktop", "Chrome", "Windows", None)
    assert staged["segment-msg-p1"] == ("segment_pages", "page_view", True, "web", "/pricing", *web[1:],
                                        None, None, None, None, None)
    assert staged["segment-msg-t1"] == ("segment_tracks", "sign_up", True, *web[:1], "/signup", *web[1:],
                                        None, None, None, None, "starter")
    assert staged["segment-msg-t3"][1] == "payment_info_entered"
    assert staged["segment-msg-t3"][-2] == "card"
    # Order Completed without revenue: its total stands in; the currency is upper-cased
    assert staged["segment-msg-t4"][1:2] + staged["segment-msg-t4"][-5:-2] == ("order_completed", "segment-order-1",
                                                                              49, "USD")
    assert staged["segment-msg-s1"][:10] == ("segment_screens", "page_view", True, "ios", "/dashboard", "mobile",
                                             None, "iOS", "US", None)
    assert staged["segment-msg-p3"][4:8] == ("/", "mobile", "Safari", "iOS")
    # an event the taxonomy does not know is kept, lower-cased
    assert staged["segment-msg-t5"][1:3] == ("onboarding tour skipped", False)


def test_identifies_stitch_the_devices_and_the_email_into_one_person(warehouse: duckdb.DuckDBPyConnection) -> None:
    email_hash = hashlib.sha256((SALT + "ana.segment@trailhead-customer.com").encode()).hexdigest()
    persons = dict(rows(warehouse, f"""
        select identifier_type || ':' || identifier_value, person_id from intermediate.int_identifiers_resolved
        where identifier_value like 'segment-%' or identifier_value = '{email_hash}'
    """))
    ana = persons["anonymous_id:segment-anon-1"]
    assert {key for key, person in persons.items() if person == ana} == {
        "anonymous_id:segment-anon-1", "anonymous_id:segment-anon-2", "user_id:segment-user-1", f"email:{email_hash}",
        "order_id:segment-order-1",  # Order Completed's order (the fixture has no orders table)
    }
    assert persons["anonymous_id:segment-anon-3"] != ana
    # the identify with an email and nobody else is quarantined, its email identifies nobody
    nobody = hashlib.sha256((SALT + "nobody.segment@trailhead-customer.com").encode()).hexdigest()
    assert rows(warehouse, f"""
        select count(*) from intermediate.int_identifiers_resolved where identifier_value = '{nobody}'
    """) == [(0,)]
    assert rows(warehouse, f"""
        select identifiers_count, sessions_count, acquisition_channel_group from marts.dim_persons
        where person_id = '{ana}'
    """) == [(5, 4, "Paid Search")]


def test_sessions_follow_the_timeout_rule_with_channels_from_context_campaign(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    sessions = rows(warehouse, """
        select device_key, device_session_number, session_started_at, session_ended_at, events_count,
            entry_source, entry_medium, entry_campaign, entry_channel_group
        from intermediate.int_sessions_aggregated where device_key like '%:segment-%'
        order by device_key, device_session_number
    """)
    assert sessions == [
        ("anonymous_id:segment-anon-1", 1, datetime(2026, 3, 2, 10, 0, 2), datetime(2026, 3, 2, 10, 5, 1), 2,
         "google", "cpc", "spring_sale", "Paid Search"),
        ("anonymous_id:segment-anon-1", 2, datetime(2026, 3, 2, 11, 0, 0), datetime(2026, 3, 2, 11, 20, 2), 4,
         "news.ycombinator.com", "referral", "(not set)", "Referral"),
        ("anonymous_id:segment-anon-2", 1, datetime(2026, 3, 3, 8, 0, 1), datetime(2026, 3, 3, 8, 5, 0), 2,
         "(direct)", "(none)", "(not set)", "Direct"),
        ("anonymous_id:segment-anon-3", 1, datetime(2026, 3, 4, 9, 0, 0), datetime(2026, 3, 4, 9, 29, 59), 2,
         "newsletter", "email", "march_digest", "Email"),
        ("anonymous_id:segment-anon-3", 2, datetime(2026, 3, 4, 9, 59, 59), datetime(2026, 3, 4, 9, 59, 59), 1,
         "(direct)", "(none)", "(not set)", "Direct"),
        ("user_id:segment-user-1", 1, datetime(2026, 3, 3, 9, 0, 0), datetime(2026, 3, 3, 9, 0, 0), 1,
         "(direct)", "(none)", "(not set)", "Direct"),
    ]
    # the gclid of the landing page is the session's click id
    assert rows(warehouse, """
        select click_id, click_id_type from staging.stg_segment__events where event_id = 'segment-msg-p1'
    """) == [("segment-gclid-1", "gclid")]


def test_funnels_per_person(warehouse: duckdb.DuckDBPyConnection) -> None:
    ana, visitor = person_of(warehouse, "segment-anon-1"), person_of(warehouse, "segment-anon-3")
    entries = rows(warehouse, f"""
        select funnel_name, person_id = '{ana}', furthest_step_number, is_converted, entered_at, converted_at
        from marts.fct_funnel_entries
        where person_id in ('{ana}', '{visitor}') and funnel_name in ('visit_to_purchase', 'signup_to_purchase',
            'checkout_session', 'pricing_to_demo')
        order by funnel_name, person_id = '{ana}', entered_at
    """)
    assert entries == [
        ("checkout_session", True, 3, True, datetime(2026, 3, 2, 11, 10, 1), datetime(2026, 3, 2, 11, 20, 2)),
        ("pricing_to_demo", False, 1, False, datetime(2026, 3, 4, 9, 29, 59), None),
        ("pricing_to_demo", True, 1, False, datetime(2026, 3, 2, 10, 0, 2), None),
        ("signup_to_purchase", True, 4, True, datetime(2026, 3, 2, 10, 5, 1), datetime(2026, 3, 2, 11, 20, 2)),
        ("visit_to_purchase", False, 1, False, datetime(2026, 3, 4, 9, 0, 0), None),
        ("visit_to_purchase", True, 4, True, datetime(2026, 3, 2, 10, 0, 2), datetime(2026, 3, 2, 11, 20, 2)),
    ]


def test_duplicates_by_message_id_and_the_quarantine(warehouse: duckdb.DuckDBPyConnection) -> None:
    duplicates = rows(warehouse, """
        select source_table, record_id, loaded_at from staging.base_segment__events where is_duplicate
        union all
        select 'segment_identifies', record_id, loaded_at from staging.base_segment__identifies where is_duplicate
        order by 1
    """)
    # the later load of each redelivered message is the duplicate; the first is kept
    assert duplicates == [
        ("segment_identifies", "segment-msg-i2", datetime(2026, 3, 3, 9, 30)),
        ("segment_pages", "segment-msg-p1", datetime(2026, 3, 2, 11, 30)),
        ("segment_tracks", "segment-msg-t1", datetime(2026, 3, 2, 11, 30)),
    ]
    quarantined = rows(warehouse, """
        select source_table, record_id, reason_code from intermediate.int_raw_rows_quarantined
        where source_table like 'segment_%' order by 1
    """)
    assert quarantined == [
        ("segment_identifies", "segment-msg-i3", "missing_identifier"),
        ("segment_pages", "segment-msg-pbot", "bot"),
        ("segment_tracks", "segment-msg-t6", "missing_identifier"),
    ]


def test_every_segment_row_is_staged_quarantined_or_a_duplicate(warehouse: duckdb.DuckDBPyConnection) -> None:
    reconciled = rows(warehouse, """
        select source_table, raw_rows, staged_rows, quarantined_rows, duplicate_rows, is_reconciled
        from intermediate.int_raw_rows_reconciled where source_table like 'segment_%' order by 1
    """)
    assert reconciled == [
        # + the mixed fixture's rows (test_tracker_mixed.py): 1 identify, 1 screen, 3 tracks
        ("segment_identifies", 4 + 1, 2 + 1, 1, 1, True),
        ("segment_pages", 7, 5, 1, 1, True),
        ("segment_screens", 2 + 1, 2 + 1, 0, 0, True),
        ("segment_tracks", 7 + 3, 5 + 3, 1, 1, True),
    ]
