"""The Snowplow adapter on a hand-written atomic.events export (tests/raw_data/trackers/snowplow_events.csv).

The file follows Snowplow's atomic.events columns (the enrichments' mkt_, br_, os_, dvce_, geo_ fields,
structured se_ and transaction tr_ fields, contexts and unstruct_event as JSON text). Every identifier
starts with `snowplow-`, so the assertions below read only this tracker's rows of the shared tracker build
(the fixture has no orders table: the transaction is the order). The expected values were worked out by
hand:

* Sam's laptop snowplow-duid-1 (Computer, Chrome, Windows, DE; a device clock an hour fast, so the event
  time is derived_tstamp, the collector's time less the sending delay). Session snowplow-sess-1, 9 March:
  ev-01 page_view /pricing 10:00:00 (mkt_ google / cpc / Spring Sale, mkt_clickid snowplow-gclid-1 of
  network Google: Paid Search), ev-02 page_ping 10:00:30 (user_engagement), ev-03 structured sign_up 10:04:00
  with user_id snowplow-user-1 and an account entity carrying plan Starter and the email
  ' Sam.Snowplow@Trailhead-Customer.com '. Session snowplow-sess-2: ev-04 page_view /blog/launch without
  derived_tstamp: 11:00:03 - (12:00:02 - 12:00:00) = 11:00:01, referred by news.ycombinator.com (Referral);
  ev-05 checkout_started 11:10, ev-06 payment_info_entered 11:12 (payment_method Card), ev-07 transaction
  11:20 (snowplow-order-1, 79.00 eur), ev-08 its transaction_item 11:20 (not in the taxonomy: kept as is).
* Sam's phone snowplow-duid-2 (platform mob, iOS), session snowplow-sess-3, 10 March: ev-09 screen_view
  'dashboard' 08:00 (app://trailhead/dashboard), ev-10 structured login 08:01 with user_id snowplow-user-1:
  the login links the phone to the account; ev-11 feature_used 08:05 (feature reports). Direct.
* Robin snowplow-duid-3 (Android, Chrome Mobile, gb), never logged in; session snowplow-sess-4, 11 March:
  ev-12 / 09:00 (newsletter / email / March Digest: Email), ev-13 /pricing 09:40, 40 minutes later in the
  same Snowplow session (the timeout rule would cut it).
* ev-04 arrives twice with the same content (fingerprint, device time), the second collected 2 s later and
  loaded an hour later: a duplicate. ev-05's id arrives again with another page, event and fingerprint,
  collected 30 minutes later: a synthetic duplicate, quarantined as conflicting_duplicate (the delivery
  collected first is the event). ev-14, Robin's snowplow-sess-4 three days and an hour after its first event:
  session_too_long. ev-15, created on 12 March and sent four days later: late_device_event (both limits at
  their default of 3 days). So 17 raw rows = 13 staged + 3 quarantined + 1 duplicate.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from journeykit.project import run_dbt

SALT = "journey-demo-salt"  # the default of var journey_pii_salt
FIXTURE = Path(__file__).resolve().parents[1] / "raw_data" / "trackers" / "snowplow_events.csv"
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


def test_events_map_to_canonical_events_and_columns(warehouse: duckdb.DuckDBPyConnection) -> None:
    staged = {row[0]: row[1:] for row in rows(warehouse, """
        select event_id, event_at, canonical_event, is_mapped_event, platform, page_path, device_type, browser, os,
            country, order_id, revenue, currency, plan, payment_method, feature_name
        from staging.stg_snowplow__events where event_id like 'snowplow-%'
    """)}
    laptop = ("web", "desktop", "Chrome", "Windows", "DE")
    phone = ("ios", "mobile", None, "iOS", "US")
    robin = ("web", "mobile", "Chrome", "Android", "GB")
    nothing = (None, None, None, None, None, None)
    assert staged == {
        "snowplow-ev-01": (datetime(2026, 3, 9, 10, 0), "page_view", True, *laptop[:1], "/pricing", *laptop[1:],
                           *nothing),
        "snowplow-ev-02": (datetime(2026, 3, 9, 10, 0, 30), "user_engagement", True, *laptop[:1], "/pricing",
                           *laptop[1:], *nothing),
        "snowplow-ev-03": (datetime(2026, 3, 9, 10, 4), "sign_up", True, *laptop[:1], "/signup", *laptop[1:],
                           None, None, None, "starter", None, None),
        "snowplow-ev-04": (datetime(2026, 3, 9, 11, 0, 1), "page_view", True, *laptop[:1], "/blog/launch",
                           *laptop[1:], *nothing),
        "snowplow-ev-05": (datetime(2026, 3, 9, 11, 10), "checkout_started", True, *laptop[:1], "/checkout",
                           *laptop[1:], *nothing),
        "snowplow-ev-06": (datetime(2026, 3, 9, 11, 12), "payment_info_entered", True, *laptop[:1],
                           "/checkout/payment", *laptop[1:], None, None, None, None, "card", None),
        "snowplow-ev-07": (datetime(2026, 3, 9, 11, 20), "order_completed", True, *laptop[:1], "/checkout/done",
                           *laptop[1:], "snowplow-order-1", Decimal("79"), "EUR", None, None, None),
        "snowplow-ev-08": (datetime(2026, 3, 9, 11, 20), "transaction_item", False, *laptop[:1], "/checkout/done",
                           *laptop[1:], *nothing),
        "snowplow-ev-09": (datetime(2026, 3, 10, 8, 0), "page_view", True, *phone[:1], "/dashboard", *phone[1:],
                           *nothing),
        "snowplow-ev-10": (datetime(2026, 3, 10, 8, 1), "login", True, *phone[:1], None, *phone[1:], *nothing),
        "snowplow-ev-11": (datetime(2026, 3, 10, 8, 5), "feature_used", True, *phone[:1], None, *phone[1:],
                           None, None, None, None, None, "reports"),
        "snowplow-ev-12": (datetime(2026, 3, 11, 9, 0), "page_view", True, *robin[:1], "/", *robin[1:], *nothing),
        "snowplow-ev-13": (datetime(2026, 3, 11, 9, 40), "page_view", True, *robin[:1], "/pricing", *robin[1:],
                           *nothing),
    }
    assert rows(warehouse, """
        select page_url, click_id, click_id_type, utm_source, utm_medium, utm_campaign
        from staging.stg_snowplow__events where event_id in ('snowplow-ev-01', 'snowplow-ev-09') order by event_id
    """) == [("https://www.trailhead.io/pricing", "snowplow-gclid-1", "gclid", "google", "cpc", "spring_sale"),
             ("app://trailhead/dashboard", None, None, None, None, None)]


def test_the_login_links_the_phone_and_the_email_to_one_person(warehouse: duckdb.DuckDBPyConnection) -> None:
    email_hash = hashlib.sha256((SALT + "sam.snowplow@trailhead-customer.com").encode()).hexdigest()
    persons = dict(rows(warehouse, f"""
        select identifier_type || ':' || identifier_value, person_id from intermediate.int_identifiers_resolved
        where identifier_value like 'snowplow-%' or identifier_value = '{email_hash}'
    """))
    sam = persons["anonymous_id:snowplow-duid-1"]
    assert {key for key, person in persons.items() if person == sam} == {
        "anonymous_id:snowplow-duid-1", "anonymous_id:snowplow-duid-2", "user_id:snowplow-user-1",
        f"email:{email_hash}", "order_id:snowplow-order-1",
    }
    assert persons["anonymous_id:snowplow-duid-3"] != sam
    # network_userid is not an identifier of the project
    assert "anonymous_id:snowplow-nuid-1" not in persons
    assert rows(warehouse, f"""
        select identifiers_count, devices_count, sessions_count, acquisition_channel_group, first_device_type,
            country, signed_up_at, first_purchase_at, lifecycle_stage, orders_count
        from marts.dim_persons where person_id = '{sam}'
    """) == [(5, 2, 3, "Paid Search", "desktop", "DE", datetime(2026, 3, 9, 10, 4), datetime(2026, 3, 9, 11, 20),
              "customer", 1)]


def test_the_transaction_is_the_order(warehouse: duckdb.DuckDBPyConnection) -> None:
    assert rows(warehouse, """
        select order_id, order_source, anonymous_id, user_id, order_status, amount, currency, ordered_at
        from intermediate.int_orders_unioned where order_id like 'snowplow-%'
    """) == [("snowplow-order-1", "snowplow_events", "snowplow-duid-1", "snowplow-user-1", "completed", 79, "EUR",
              datetime(2026, 3, 9, 11, 20))]


def test_sessions_follow_domain_sessionid(warehouse: duckdb.DuckDBPyConnection) -> None:
    assert rows(warehouse, """
        select device_key, device_session_number, session_started_at, session_ended_at, events_count,
            entry_source, entry_medium, entry_campaign, entry_channel_group, landing_page_path
        from intermediate.int_sessions_aggregated where device_key like '%:snowplow-%'
        order by device_key, device_session_number
    """) == [
        ("anonymous_id:snowplow-duid-1", 1, datetime(2026, 3, 9, 10, 0), datetime(2026, 3, 9, 10, 4), 3,
         "google", "cpc", "spring_sale", "Paid Search", "/pricing"),
        ("anonymous_id:snowplow-duid-1", 2, datetime(2026, 3, 9, 11, 0, 1), datetime(2026, 3, 9, 11, 20), 5,
         "news.ycombinator.com", "referral", "(not set)", "Referral", "/blog/launch"),
        ("anonymous_id:snowplow-duid-2", 1, datetime(2026, 3, 10, 8, 0), datetime(2026, 3, 10, 8, 5), 3,
         "(direct)", "(none)", "(not set)", "Direct", "/dashboard"),
        ("anonymous_id:snowplow-duid-3", 1, datetime(2026, 3, 11, 9, 0), datetime(2026, 3, 11, 9, 40), 2,
         "newsletter", "email", "march_digest", "Email", "/"),
    ]
    # one session per Snowplow session id
    assert rows(warehouse, """
        select events.tracker_session_id, count(distinct sessionized.device_session_number), count(*)
        from staging.stg_snowplow__events as events
        inner join intermediate.int_device_events_sessionized as sessionized
            on events.event_id = sessionized.event_id
        group by 1 order by 1
    """) == [("snowplow-sess-1", 1, 3), ("snowplow-sess-2", 1, 5), ("snowplow-sess-3", 1, 3),
             ("snowplow-sess-4", 1, 2)]


def test_funnels_per_person(warehouse: duckdb.DuckDBPyConnection) -> None:
    sam, robin = person_of(warehouse, "snowplow-duid-1"), person_of(warehouse, "snowplow-duid-3")
    assert rows(warehouse, f"""
        select funnel_name, person_id = '{sam}', furthest_step_number, is_converted, entered_at, converted_at
        from marts.fct_funnel_entries
        where person_id in ('{sam}', '{robin}') and funnel_name in ('visit_to_purchase', 'signup_to_purchase',
            'checkout_session', 'pricing_to_demo')
        order by funnel_name, person_id = '{sam}', entered_at
    """) == [
        ("checkout_session", True, 3, True, datetime(2026, 3, 9, 11, 10), datetime(2026, 3, 9, 11, 20)),
        ("pricing_to_demo", False, 1, False, datetime(2026, 3, 11, 9, 40), None),
        ("pricing_to_demo", True, 1, False, datetime(2026, 3, 9, 10, 0), None),
        ("signup_to_purchase", True, 4, True, datetime(2026, 3, 9, 10, 4), datetime(2026, 3, 9, 11, 20)),
        ("visit_to_purchase", False, 1, False, datetime(2026, 3, 11, 9, 0), None),
        ("visit_to_purchase", True, 4, True, datetime(2026, 3, 9, 10, 0), datetime(2026, 3, 9, 11, 20)),
    ]


def test_duplicates_and_the_quarantine(warehouse: duckdb.DuckDBPyConnection) -> None:
    # the redelivery collected later is the duplicate
    assert rows(warehouse, """
        select record_id, collector_tstamp, loaded_at from staging.base_snowplow__events where is_duplicate
    """) == [("snowplow-ev-04", datetime(2026, 3, 9, 11, 0, 5), datetime(2026, 3, 9, 12, 30))]
    assert rows(warehouse, """
        select record_id, reason_code, occurred_at from intermediate.int_raw_rows_quarantined
        where source_table = 'snowplow_events' order by record_id
    """) == [
        ("snowplow-ev-05", "conflicting_duplicate", datetime(2026, 3, 9, 11, 40)),
        ("snowplow-ev-14", "session_too_long", datetime(2026, 3, 14, 10, 0)),
        ("snowplow-ev-15", "late_device_event", datetime(2026, 3, 12, 12, 0, 1)),
    ]
    # the synthetic duplicate's first collected delivery is the staged event
    assert rows(warehouse, """
        select canonical_event, page_path from staging.stg_snowplow__events where event_id = 'snowplow-ev-05'
    """) == [("checkout_started", "/checkout")]


def test_every_snowplow_row_is_staged_quarantined_or_a_duplicate(warehouse: duckdb.DuckDBPyConnection) -> None:
    assert rows(warehouse, """
        select raw_rows, staged_rows, quarantined_rows, duplicate_rows, is_reconciled
        from intermediate.int_raw_rows_reconciled where source_table = 'snowplow_events'
    """) == [(17, 13, 3, 1, True)]


def test_timeout_rule_and_limits_when_configured_otherwise(tmp_path: Path) -> None:
    """journey_sessions_follow_tracker: false cuts Robin's Snowplow session at its 40-minute gap; with
    journey_snowplow_max_session_days 4 and journey_snowplow_days_late_allowed 5, ev-14 and ev-15 are kept."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(FIXTURE, raw / FIXTURE.name)
    database = tmp_path / "timeout.duckdb"
    run_dbt(["build", "--select", "+int_sessions_aggregated",
             "--exclude", "resource_type:test", "resource_type:unit_test", "--vars", "{journey_sessions_follow_tracker: false, journey_snowplow_max_session_days: 4, "
             "journey_snowplow_days_late_allowed: 5}"],
            raw_path=raw, duckdb_path=database, target_path=tmp_path / "target")
    with duckdb.connect(str(database), read_only=True) as con:
        assert rows(con, """
            select session_started_at, session_ended_at, events_count
            from intermediate.int_sessions_aggregated where device_key = 'anonymous_id:snowplow-duid-3'
            order by session_started_at
        """) == [
            (datetime(2026, 3, 11, 9, 0), datetime(2026, 3, 11, 9, 0), 1),
            (datetime(2026, 3, 11, 9, 40), datetime(2026, 3, 11, 9, 40), 1),
            (datetime(2026, 3, 12, 12, 0, 1), datetime(2026, 3, 12, 12, 0, 1), 1),
            (datetime(2026, 3, 14, 10, 0), datetime(2026, 3, 14, 10, 0), 1),
        ]
        assert rows(con, """
            select count(*) from staging.base_snowplow__events where quarantine_reason is not null
                and quarantine_reason <> 'conflicting_duplicate'
        """) == [(0,)]


def test_an_overlong_session_across_incremental_loads(tmp_path: Path) -> None:
    """The session's first event is in an earlier load than the incremental run reprocesses (24 hours of
    lookback from the newest load): its start is read from the model's earlier rows, so ev-14 is still
    session_too_long. Loads: ev-12 and ev-13 on 11 March; ev-16 (Robin's sess-4 on 13 March 08:00, within
    the 3 days) on 13 March 09:00; ev-14 (14 March 10:00) on 14 March 11:00, whose run reprocesses the
    loads from 12 March on."""
    with FIXTURE.open(newline="") as handle:
        reader = csv.DictReader(handle)
        header, fixture = reader.fieldnames, {row["event_id"]: row for row in reader}
    ev_16 = dict(fixture["snowplow-ev-13"], event_id="snowplow-ev-16", event_fingerprint="fp-snowplow-ev-16",
                 derived_tstamp="2026-03-13 08:00:00.000", collector_tstamp="2026-03-13 08:00:03.000",
                 dvce_created_tstamp="2026-03-13 08:00:00.000", dvce_sent_tstamp="2026-03-13 08:00:02.000",
                 load_tstamp="2026-03-13 09:00:00.000")
    loads = [[fixture["snowplow-ev-12"], fixture["snowplow-ev-13"]], [ev_16], [fixture["snowplow-ev-14"]]]
    raw, database = tmp_path / "raw", tmp_path / "loads.duckdb"
    raw.mkdir()
    landed: list[dict[str, str]] = []
    for load in loads:
        landed += load
        with (raw / FIXTURE.name).open("w", newline="") as handle:
            writer = csv.DictWriter(handle, header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(landed)
        run_dbt(["run", "--select", "base_snowplow__events"], raw_path=raw, duckdb_path=database,
                target_path=tmp_path / "target")
    with duckdb.connect(str(database), read_only=True) as con:
        assert rows(con, """
            select record_id, quarantine_reason, session_started_at from staging.base_snowplow__events
            order by record_id
        """) == [
            ("snowplow-ev-12", None, datetime(2026, 3, 11, 9, 0)),
            ("snowplow-ev-13", None, datetime(2026, 3, 11, 9, 0)),
            ("snowplow-ev-14", "session_too_long", datetime(2026, 3, 11, 9, 0)),
            ("snowplow-ev-16", None, datetime(2026, 3, 11, 9, 0)),
        ]
