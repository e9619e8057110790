"""The landing hook (macros/land_raw_tables.sql) on data that is not there or cannot be read, and a warehouse
that is moved.

Each case writes its own small raw files and runs the cheapest dbt command that lands them
(the hook, then the one model reading orders and the seed it needs). The expected
row counts, line numbers and messages are written out by hand from the files the test writes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from journeykit.project import DbtResult, run_dbt

from conftest import SimulatedWarehouse

ORDERS_HEADER = ("order_id,user_id,email,ordered_at,status,order_type,amount,currency,payment_method,plan,"
                 "failure_reason,refunded_at,loaded_at")
EVENTS_HEADER = "event_id,event_name,event_at,loaded_at,anonymous_id,page_url,properties"
CONTRACT_TABLES = {"events", "ad_spend", "email_events", "crm_leads", "crm_opportunities", "crm_activities",
                   "orders", "subscriptions", "support_tickets", "survey_responses", "ga4_events",
                   "segment_tracks", "segment_pages", "segment_screens", "segment_identifies", "snowplow_events"}


def _order(number: int) -> str:
    return (f"o{number},u{number},,2026-03-0{number}T09:30:00Z,completed,new,10.00,USD,card,pro,,,"
            f"2026-03-0{number}T09:31:00Z")


def _event(number: int, page_url: str = "https://www.trailhead.io/pricing") -> str:
    return f"e{number},page_view,2026-03-0{number}T10:00:00Z,2026-03-0{number}T10:00:05Z,a{number},{page_url},{{}}"


def _write(path: Path, header: str, rows: list[str], encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\n".join([header, *rows]) + "\n").encode(encoding))


def _land(raw: Path, database: Path, work: Path, *extra: str) -> DbtResult:
    args = ["build", "--select", "+base_billing__orders", "--resource-type", "seed", "--resource-type", "model", *extra]
    return run_dbt(args, raw_path=raw, duckdb_path=database, target_path=work / "target", check=False)


def _query(database: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def test_a_raw_path_that_does_not_exist_stops_the_run(tmp_path: Path) -> None:
    missing = tmp_path / "raw_misspelled"
    result = _land(missing, tmp_path / "w.duckdb", tmp_path)
    assert not result.ok
    assert (f"journey: no raw data at journey_raw_path '{missing}': the path does not exist or holds none of the"
            " landing files") in result.output
    assert "journey_allow_empty_run: true" in result.output
    # stopped before any landing view was made, so no model ran
    assert _query(tmp_path / "w.duckdb", "select count(*) from duckdb_views() where schema_name = 'landing'") == [(0,)]


def test_a_path_whose_tables_are_all_empty_stops_the_run_unless_an_empty_run_is_allowed(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    _write(raw / "orders.csv", ORDERS_HEADER, [])
    _write(raw / "events.csv", EVENTS_HEADER, [])
    database = tmp_path / "w.duckdb"
    result = _land(raw, database, tmp_path)
    assert not result.ok
    assert (f"journey: no raw data at journey_raw_path '{raw}': every landing table found there is empty"
            " (events, orders)") in result.output

    allowed = _land(raw, database, tmp_path, "--vars", "{journey_allow_empty_run: true}")
    assert allowed.ok, allowed.output[-3000:]
    assert _query(database, "select count(*) from staging.base_billing__orders") == [(0,)]
    assert _query(database, "select count(*) from landing.events") == [(0,)]


def test_a_source_that_had_rows_and_has_none_stops_the_run(tmp_path: Path) -> None:
    raw, database = tmp_path / "raw", tmp_path / "w.duckdb"
    # yesterday: 4 events, 2 orders
    _write(raw / "events.csv", EVENTS_HEADER, [_event(n) for n in (1, 2, 3, 4)])
    _write(raw / "orders.csv", ORDERS_HEADER, [_order(1), _order(2)])
    assert _land(raw, database, tmp_path).ok
    assert _query(database, "select count(*) from staging.base_billing__orders") == [(2,)]

    # today: events down to 2 of 4 (exactly journey_source_min_row_ratio 0.5 of them: kept), orders gone
    _write(raw / "events.csv", EVENTS_HEADER, [_event(n) for n in (1, 2)])
    _write(raw / "orders.csv", ORDERS_HEADER, [])
    for result in (_land(raw, database, tmp_path), run_dbt(
            ["source", "freshness"], raw_path=raw, duckdb_path=database, target_path=tmp_path / "target", check=False)):
        assert not result.ok
        assert ("journey: landing tables lost rows since this warehouse's previous landing"
                " (below journey_source_min_row_ratio = 0.5 of the rows then):") in result.output
        assert "  - orders: 0 rows, 2 at the landing of 20" in result.output
        assert "events:" not in result.output
    # the failed runs built nothing: yesterday's orders are still there
    assert _query(database, "select count(*) from staging.base_billing__orders") == [(2,)]

    # events down to 1 of 4 is below half as well
    _write(raw / "events.csv", EVENTS_HEADER, [_event(1)])
    result = _land(raw, database, tmp_path)
    assert "  - events: 1 rows, 4 at the landing of 20" in result.output

    # an intended drop: allowed for one run, which becomes the landing the next run compares with
    assert _land(raw, database, tmp_path, "--vars", "{journey_source_min_row_ratio: 0}").ok
    assert _query(database, "select count(*) from staging.base_billing__orders") == [(0,)]
    assert _land(raw, database, tmp_path).ok
    assert _query(
        database,
        "select table_name, raw_rows from landing_history.raw_table_landings where table_name in ('events', 'orders')"
        " order by landed_at, table_name",
    ) == [("events", 4), ("orders", 2), ("events", 1), ("orders", 0), ("events", 1), ("orders", 0)]


def test_source_freshness_thresholds_are_vars(tmp_path: Path) -> None:
    """`dbt source freshness` is on the clock: the fixture's newest event loaded on 2026-03-04, months ago."""
    raw, database = tmp_path / "raw", tmp_path / "w.duckdb"
    _write(raw / "events.csv", EVENTS_HEADER, [_event(n) for n in (1, 2, 3, 4)])
    select = ["--select", "source:tracking.events"]
    by_default = run_dbt(["source", "freshness", *select], raw_path=raw, duckdb_path=database,
                         target_path=tmp_path / "target", check=False)
    assert not by_default.ok
    assert "ERROR STALE freshness of tracking.events" in by_default.output
    hours = "{tracking: 1000000, ads: 1, email: 1, crm: 1, billing: 1, support: 1}"
    relaxed = run_dbt(["source", "freshness", *select, "--vars",
                       f"{{journey_source_freshness_warn_hours: {hours}, journey_source_freshness_error_hours: {hours}}}"],
                      raw_path=raw, duckdb_path=database, target_path=tmp_path / "target", check=False)
    assert relaxed.ok, relaxed.output[-3000:]
    assert "PASS freshness of tracking.events" in relaxed.output
    bad = run_dbt(["source", "freshness", *select, "--vars", "{journey_source_freshness_warn_hours: {tracking: 12}}"],
                  raw_path=raw, duckdb_path=database, target_path=tmp_path / "target", check=False)
    assert not bad.ok
    assert "journey_source_freshness_warn_hours.ads must be a number of hours > 0, got null" in bad.output


def test_a_latin1_file_names_the_file_and_the_var_without_echoing_the_line(tmp_path: Path) -> None:
    raw, database = tmp_path / "raw", tmp_path / "w.duckdb"
    # line 1 is the header: the name is on line 3
    rows = [_event(1), _event(2, "https://www.trailhead.io/p?for=Zoë Müller"), _event(3)]
    _write(raw / "events.csv", EVENTS_HEADER, rows, encoding="latin-1")
    _write(raw / "orders.csv", ORDERS_HEADER, [_order(1)])
    result = _land(raw, database, tmp_path)
    assert not result.ok
    assert (f"journey: raw file '{raw}/events.csv' cannot be read: 1 line(s) not valid utf-8 (first: line 3);"
            " set journey_raw_csv_encoding to the file's encoding (utf-8, utf-16 or latin-1).") in result.output
    assert "Zo" not in result.output and "ller" not in result.output and "trailhead.io/p?" not in result.output

    fixed = _land(raw, database, tmp_path, "--vars", "{journey_raw_csv_encoding: latin-1}")
    assert fixed.ok, fixed.output[-3000:]
    assert _query(database, "select page_url from landing.events where event_id = 'e2'") == [
        ("https://www.trailhead.io/p?for=Zoë Müller",)]


def test_a_line_over_the_readers_limit_names_the_file_and_the_var_without_echoing_it(tmp_path: Path) -> None:
    raw, database = tmp_path / "raw", tmp_path / "w.duckdb"
    payload = "SECRETPAYLOAD" * 170_000  # 2,210,000 bytes: over DuckDB's default limit of 2,097,152
    _write(raw / "orders.csv", ORDERS_HEADER, [_order(1), _order(2), _order(3).replace(",pro,", f",{payload},")])
    result = _land(raw, database, tmp_path)
    assert not result.ok
    assert (f"journey: raw file '{raw}/orders.csv' cannot be read: 1 line(s) longer than"
            " journey_raw_csv_max_line_size (2097152 bytes; first: line 4); raise it.") in result.output
    assert "SECRETPAYLOAD" not in result.output

    raised = _land(raw, database, tmp_path, "--vars", "{journey_raw_csv_max_line_size: 4194304}")
    assert raised.ok, raised.output[-3000:]
    assert _query(database, "select order_id, length(plan) from staging.base_billing__orders order by order_id") == [
        ("o1", 3), ("o2", 3), ("o3", len(payload))]


@pytest.mark.parametrize("encoding", ["latin1", "cp1252"])
def test_an_encoding_duckdb_cannot_read_is_a_configuration_error(tmp_path: Path, encoding: str) -> None:
    raw = tmp_path / "raw"
    _write(raw / "orders.csv", ORDERS_HEADER, [_order(1)])
    result = _land(raw, tmp_path / "w.duckdb", tmp_path, "--vars", f"{{journey_raw_csv_encoding: {encoding}}}")
    assert not result.ok
    assert f"journey_raw_csv_encoding must be 'utf-8' or 'utf-16' or 'latin-1', got \"{encoding}\"" in result.output


def test_the_warehouse_survives_being_moved(simulated: SimulatedWarehouse, tmp_path: Path) -> None:
    """A copy under another name, opened directly and attached under another alias: every view reads."""
    moved = tmp_path / "moved_elsewhere.duckdb"
    shutil.copyfile(simulated.database, moved)
    sql = "select schema_name, view_name from duckdb_views() where not internal order by all"
    with duckdb.connect(str(simulated.database), read_only=True) as original:
        views = original.execute(sql).fetchall()
        counts = {view: original.execute(f'select count(*) from "{view[0]}"."{view[1]}"').fetchone()[0]
                  for view in views}
    assert {name for schema, name in views if schema == "landing"} == CONTRACT_TABLES
    assert {schema for schema, _ in views} == {"landing", "staging", "intermediate"}  # int_events_unioned
    with duckdb.connect(str(moved), read_only=True) as copy:
        assert copy.execute(sql).fetchall() == views
        for schema, name in views:
            assert copy.execute(f'select count(*) from "{schema}"."{name}"').fetchone()[0] == counts[(schema, name)]
    with duckdb.connect() as session:
        session.execute(f"attach '{moved}' as another_name (read_only)")
        for schema, name in views:
            count = session.execute(f'select count(*) from another_name."{schema}"."{name}"').fetchone()[0]
            assert count == counts[(schema, name)]
