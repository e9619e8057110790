"""A newcomer's raw data: timestamps in many shapes, placeholder dates, conflicting redeliveries,
orders without currency or status, and landing tables with only their required columns.

Every expected value below was worked out by hand from the fixture rows written here.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from journeykit.project import run_dbt

EVENTS_CSV = """\
event_id,event_name,event_at,loaded_at,anonymous_id,user_id
s01,page_view,2026-01-05 10:00:00 +05:30,2026-03-02T00:00:00Z,t1,
s02,page_view,2026-01-05 10:00+05:30,2026-03-02T00:00:00Z,t1,
s03,page_view,2026-01-05T10:00:00+0530,2026-03-02T00:00:00Z,t1,
s04,page_view,2026-01-05T10:00:00-03,2026-03-02T00:00:00Z,t1,
s05,page_view,2026-01-05 10:00 UTC,2026-03-02T00:00:00Z,t1,
s06,page_view,1767607200,2026-03-02T00:00:00Z,t1,
s07,page_view,1767607200123,2026-03-02T00:00:00Z,t1,
s08,page_view,2026-01-05t10:00:00.250-0330,2026-03-02T00:00:00Z,t1,
s09,page_view,1767607200.5,2026-03-02T00:00:00Z,t1,
s10,page_view,05/01/2026 10:00,2026-03-02T00:00:00Z,t1,
s11,page_view,2026-01-05 10:00:00 EST,2026-03-02T00:00:00Z,t1,
p01,page_view,1970-01-01 00:00:00,2026-03-02T00:00:00Z,t2,
p02,page_view,0001-01-01,2026-03-02T00:00:00Z,t2,
p03,page_view,1900-01-01T00:00:00Z,2026-03-02T00:00:00Z,t2,
p04,page_view,0,2026-03-02T00:00:00Z,t2,
p05,page_view,1999-12-31 23:59:59,2026-03-02T00:00:00Z,t2,
p06,page_view,2000-01-01 00:00:00,2026-03-02T00:00:00Z,t2,
c01,page_view,2026-03-01T10:00:00Z,2026-03-01T10:00:05Z,a1,
c01,page_view,2026-03-01T10:00:00Z,2026-03-01T11:00:00Z,a1,
c01,page_view,2026-03-01T10:00:00Z,2026-03-01T12:00:00Z,a1,u9
c02,sign_up,2026-03-01T10:05:00Z,2026-03-01T10:05:05Z,a1,
c02,order_completed,2026-03-01T10:05:00Z,2026-03-01T11:05:00Z,a1,
c02,sign_up,2026-03-01T10:06:00Z,2026-03-01T12:05:00Z,a1,
c03,page_view,2026-03-01T10:10:00Z,2026-03-01T10:10:05Z,a2,
c03,page_view,2026-03-01T10:10:00Z,2026-03-01T11:10:00Z,a3,
c04,page_view,not a date,2026-03-01T10:15:05Z,a4,
c04,page_view,2026-03-01T10:15:00Z,2026-03-01T11:15:00Z,a4,
"""

# orders as a newcomer's shop exports them: an identifier, but no currency or status column
ORDERS_CSV = """\
order_id,user_id,ordered_at,amount
o1,u1,2026-03-01T10:00:00Z,10.50
o2,u2,2026-03-01 11:00:00 +01:00,20
o3,,2026-03-01T12:00:00Z,5
o4,u4,1970-01-01T00:00:00Z,7
"""

# email events with a numeric (BIGINT) event_at: epoch seconds and milliseconds
EMAIL_EVENTS_SQL = """
    select * from (values
        ('m1', 'sent', 1767607200, 'x@example.com', timestamp '2026-03-02 00:00:00'),
        ('m2', 'opened', 1767607200123, 'x@example.com', timestamp '2026-03-02 00:00:00'),
        ('m3', 'sent', 0, 'x@example.com', timestamp '2026-03-02 00:00:00'),
        ('m4', 'sent', 1767607200, 'x@example.com', timestamp '2026-03-02 00:00:00'),
        ('m4', 'sent', 1767607200, 'y@example.com', timestamp '2026-03-02 01:00:00')
    ) as rows (email_event_id, event_type, event_at, email, loaded_at)
"""


@pytest.fixture(scope="module")
def newcomer(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    work = tmp_path_factory.mktemp("newcomer")
    raw = work / "raw"
    raw.mkdir()
    (raw / "events.csv").write_text(EVENTS_CSV)
    (raw / "orders.csv").write_text(ORDERS_CSV)
    duckdb.connect().execute(
        f"copy ({EMAIL_EVENTS_SQL}) to '{raw / 'email_events.parquet'}' (format parquet)"
    )
    db = work / "newcomer.duckdb"
    run_dbt(["build", "--exclude", "test_type:unit"], raw_path=raw, duckdb_path=db, target_path=work / "target")
    connection = duckdb.connect(str(db), read_only=True)
    yield connection
    connection.close()


def rows(connection: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return connection.execute(sql).fetchall()


def reasons(connection: duckdb.DuckDBPyConnection, table: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for record_id, reason in rows(
        connection,
        f"select record_id, reason_code from intermediate.int_raw_rows_quarantined where source_table = '{table}'"
        " order by record_id, reason_code",
    ):
        found.setdefault(record_id, []).append(reason)
    return found


def test_timestamp_shapes_parse_to_utc(newcomer: duckdb.DuckDBPyConnection) -> None:
    event_at = dict(rows(newcomer, "select event_id, event_at from staging.stg_tracking__events where event_id like 's%'"))
    assert event_at == {
        "s01": datetime(2026, 1, 5, 4, 30),  # 10:00:00 at +05:30, a space before the offset
        "s02": datetime(2026, 1, 5, 4, 30),  # no seconds
        "s03": datetime(2026, 1, 5, 4, 30),  # +0530 without a colon
        "s04": datetime(2026, 1, 5, 13, 0),  # -03: hours only
        "s05": datetime(2026, 1, 5, 10, 0),  # 'UTC' as the zone
        "s06": datetime(2026, 1, 5, 10, 0),  # epoch seconds as text: 1767607200 = 2026-01-05 10:00:00 UTC
        "s07": datetime(2026, 1, 5, 10, 0, 0, 123000),  # epoch milliseconds (>= 10^11)
        "s08": datetime(2026, 1, 5, 13, 30, 0, 250000),  # lower-case t, fraction, -0330
        "s09": datetime(2026, 1, 5, 10, 0, 0, 500000),  # epoch seconds with a fraction
    }
    email_at = dict(rows(newcomer, "select email_event_id, email_event_at from staging.stg_email__email_events"))
    assert email_at["m1"] == datetime(2026, 1, 5, 10, 0)  # a BIGINT column of epoch seconds
    assert email_at["m2"] == datetime(2026, 1, 5, 10, 0, 0, 123000)  # and of epoch milliseconds


def test_other_shapes_stay_unparseable(newcomer: duckdb.DuckDBPyConnection) -> None:
    events = reasons(newcomer, "events")
    assert events["s10"] == ["unparseable_timestamp"]  # day-first, not ISO
    assert events["s11"] == ["unparseable_timestamp"]  # a zone name, not an offset


def test_placeholder_and_pre_floor_dates_are_implausible(newcomer: duckdb.DuckDBPyConnection) -> None:
    events = reasons(newcomer, "events")
    for event_id in ["p01", "p02", "p03", "p04", "p05"]:  # 1970-01-01, 0001-01-01, 1900-01-01, epoch 0, 1999-12-31
        assert events[event_id] == ["implausible_timestamp"], event_id
    assert "p06" not in events  # the floor itself (2000-01-01 00:00:00) is valid
    assert reasons(newcomer, "email_events")["m3"] == ["implausible_timestamp"]  # epoch 0 in a numeric column
    assert reasons(newcomer, "orders")["o4"] == ["implausible_timestamp"]


def test_audit_day_range_comes_from_staged_rows_and_is_capped(newcomer: duckdb.DuckDBPyConnection) -> None:
    first_day, last_day, days = rows(
        newcomer, "select min(event_date), max(event_date), count(distinct event_date) from marts.fct_tracking_event_volumes"
    )[0]
    # staged events run from 2000-01-01 (p06) to 2026-03-01; the spine holds the last
    # journey_audit_max_days = 3650 days of it, so the quarantined 0001-01-01 cannot stretch it
    # and the 2000-01-01 row cannot push the data off it
    assert last_day == date(2026, 3, 1)
    assert first_day == date(2026, 3, 1) - timedelta(days=3649)
    assert days == 3650
    volumes = dict(rows(
        newcomer,
        "select event_date, event_rows from marts.fct_tracking_event_volumes"
        " where canonical_event = 'page_view' and event_rows > 0",
    ))
    # page views staged: s01-s09 on 2026-01-05; c01, c03, c04 on 2026-03-01 (p06 is before the spine)
    assert volumes == {date(2026, 1, 5): 9, date(2026, 3, 1): 3}


def test_conflicting_duplicates_are_quarantined_apart_from_redeliveries(newcomer: duckdb.DuckDBPyConnection) -> None:
    base = rows(
        newcomer,
        "select event_id, cast(loaded_at as varchar), quarantine_reason, is_duplicate from staging.base_tracking__events"
        " where event_id like 'c%' order by event_id, loaded_at",
    )
    assert base == [
        ("c01", "2026-03-01 10:00:05", None, False),  # kept
        ("c01", "2026-03-01 11:00:00", None, True),  # the same payload again: a redelivery
        ("c01", "2026-03-01 12:00:00", "conflicting_duplicate", False),  # another user_id (u9)
        ("c02", "2026-03-01 10:05:05", None, False),  # kept
        ("c02", "2026-03-01 11:05:00", "conflicting_duplicate", False),  # another event name
        ("c02", "2026-03-01 12:05:00", "conflicting_duplicate", False),  # another time
        ("c03", "2026-03-01 10:10:05", None, False),  # kept
        ("c03", "2026-03-01 11:10:00", "conflicting_duplicate", False),  # another anonymous_id (a3)
        ("c04", "2026-03-01 10:15:05", "unparseable_timestamp", False),  # only valid rows are compared:
        ("c04", "2026-03-01 11:15:00", None, False),  # so the later, valid delivery is kept
    ]
    assert reasons(newcomer, "email_events")["m4"] == ["conflicting_duplicate"]  # another email
    counted = dict(
        (table, (duplicates, conflicts))
        for table, duplicates, conflicts in rows(
            newcomer,
            "select source_table, sum(duplicate_rows), sum(conflicting_duplicate_rows) from marts.fct_event_duplicates"
            " group by source_table",
        )
    )
    assert counted["events"] == (1, 4)
    assert counted["email_events"] == (0, 1)


def test_conflicting_rows_keep_their_identities(newcomer: duckdb.DuckDBPyConnection) -> None:
    observed = set(rows(
        newcomer,
        "select left_type, left_value, right_type, right_value from intermediate.int_identity_observations_unioned",
    ))
    assert ("anonymous_id", "a3", None, None) in observed  # a3 exists only on c03's conflicting delivery
    assert ("anonymous_id", "a1", "user_id", "u9") in observed  # the pair only c01's conflicting delivery carries
    emails_seen = rows(
        newcomer, "select count(*) from intermediate.int_identity_observations_unioned where left_type = 'email'"
    )[0][0]
    assert emails_seen == 2  # x@ (kept email events) and y@ (m4's conflicting delivery)


def test_every_row_is_reconciled(newcomer: duckdb.DuckDBPyConnection) -> None:
    reconciled = {
        table: (raw, staged, quarantined, duplicates)
        for table, raw, staged, quarantined, duplicates in rows(
            newcomer,
            "select source_table, raw_rows, staged_rows, quarantined_rows, duplicate_rows"
            " from intermediate.int_raw_rows_reconciled",
        )
    }
    # events: 27 rows; staged s01-s09, p06, c01, c02, c03, c04 (14); quarantined s10, s11, p01-p05,
    # 4 conflicts and c04's unparseable delivery (12); c01's redelivery (1)
    assert reconciled["events"] == (27, 14, 12, 1)
    # email events: m1, m2, m4 staged; m3 implausible, m4's second delivery a conflict
    assert reconciled["email_events"] == (5, 3, 2, 0)
    # orders: o1, o2 staged; o3 without an identifier, o4 implausible
    assert reconciled["orders"] == (4, 2, 2, 0)


def test_orders_without_currency_or_status_get_the_documented_defaults(newcomer: duckdb.DuckDBPyConnection) -> None:
    orders = {
        order_id: (status, currency, float(amount_reporting), ordered_at, is_paid)
        for order_id, status, currency, amount_reporting, ordered_at, is_paid in rows(
            newcomer,
            "select order_id, order_status, currency, amount_reporting, ordered_at, is_paid from staging.stg_billing__orders",
        )
    }
    # no currency column: journey_default_currency (null) = the reporting currency, USD; no status column: completed
    assert orders == {
        "o1": ("completed", "USD", 10.5, datetime(2026, 3, 1, 10, 0), True),
        "o2": ("completed", "USD", 20.0, datetime(2026, 3, 1, 10, 0), True),
    }
    # a row without user_id in a table whose other rows have one is a defect of that row
    assert reasons(newcomer, "orders")["o3"] == ["missing_identifier"]


def test_minimal_orders_with_only_required_columns(tmp_path: Path) -> None:
    """orders with only order_id, ordered_at and amount (and events with only their required columns):
    the build succeeds, currency and status take their defaults (here journey_default_currency EUR),
    and since no column says whose the orders are, each row is quarantined as missing_identifier and
    the build warns with the count of rows each absent column cost."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "orders.csv").write_text(
        "order_id,ordered_at,amount\n"
        "o1,2026-03-01T10:00:00Z,10\n"
        "o2,2026-03-01T11:00:00Z,20\n"
        "o3,2026-03-01T12:00:00Z,0\n"
    )
    (raw / "events.csv").write_text("event_id,event_name,event_at\ne1,page_view,2026-03-01T10:00:00Z\n")
    db = tmp_path / "minimal_orders.duckdb"
    result = run_dbt(
        ["build", "--select", "+base_billing__orders", "+base_tracking__events", "--indirect-selection", "cautious",
         "--exclude", "test_type:unit", "--vars", "{journey_default_currency: EUR}"],
        raw_path=raw, duckdb_path=db, target_path=tmp_path / "target",
    )
    assert result.ok
    output = " ".join(result.output.split())
    # all three orders are lost to the absent identifier columns, and the warning says so
    assert ("Warning in test rows_quarantined_for_absent_columns_base_billing__orders_user_id__email_hash__missing_identifier"
            in output)
    assert "Got 3 results, configured to warn if != 0" in output
    assert "Got 1 result, configured to warn if != 0" in output  # the one event without anonymous_id or user_id
    connection = duckdb.connect(str(db), read_only=True)
    assert rows(
        connection,
        "select order_id, order_status, currency, quarantine_reason from staging.base_billing__orders order by order_id",
    ) == [
        ("o1", "completed", "EUR", "missing_identifier"),
        ("o2", "completed", "EUR", "missing_identifier"),
        ("o3", "completed", "EUR", "missing_identifier"),
    ]
    connection.close()
