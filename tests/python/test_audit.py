"""Measurement audit marts: planted defects of the default simulation, and a planted tracking gap.

The simulation plants unknown event names, messy utm spellings and redelivered rows (ground truth in
<sim>/truth/effects.json). The tracking gap runs on a small hand-made events file written by the test:
40 days in which page_view arrives 30 times a day (200 times on 2026-03-25), login 20 times a day
until 2026-03-30 and never again, and legacy_widget_click (unknown to the taxonomy) on five days.
"""

from __future__ import annotations

import csv
import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
import yaml

from journeykit.project import PROJECT_DIR, run_dbt

GAP_FIRST_DAY = date(2026, 3, 1)
GAP_DAYS = 40
GAP_LOGIN_LAST_DAY = date(2026, 3, 30)
GAP_SPIKE_DAY = date(2026, 3, 25)
GAP_WIDGET_DAYS = {date(2026, 3, 3), date(2026, 3, 9), date(2026, 3, 17), date(2026, 3, 21), date(2026, 4, 2)}
CSV_COLUMNS = ["event_id", "event_name", "event_at", "loaded_at", "anonymous_id", "user_id", "email", "platform",
               "page_url", "referrer_url", "utm_source", "utm_medium", "utm_campaign", "click_id", "click_id_type",
               "device_type", "browser", "os", "country", "user_agent", "properties"]


def _gap_events() -> list[dict[str, str]]:
    """The hand-made events: one dict per row, spread evenly over the day."""
    events: list[dict[str, str]] = []
    for day_index in range(GAP_DAYS):
        day = GAP_FIRST_DAY + timedelta(days=day_index)
        counts = {"page_view": 200 if day == GAP_SPIKE_DAY else 30,
                  "login": 20 if day <= GAP_LOGIN_LAST_DAY else 0,
                  "legacy_widget_click": 1 if day in GAP_WIDGET_DAYS else 0}
        for name, count in counts.items():
            for i in range(count):
                at = datetime(day.year, day.month, day.day) + timedelta(minutes=i * 1440 // count, seconds=i % 60)
                tagged = name == "page_view" and i < 4
                events.append({
                    "event_id": f"{name}-{day.isoformat()}-{i}", "event_name": name,
                    "event_at": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "loaded_at": (at + timedelta(seconds=5)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "anonymous_id": f"a{(day_index * 31 + i) % 400}", "platform": "web",
                    "page_url": "https://www.trailhead.io/pricing", "device_type": "desktop", "browser": "Chrome",
                    "os": "Windows", "country": "us", "user_agent": "Mozilla/5.0 (Windows NT 10.0)",
                    "properties": "{}",
                    # two spellings of one campaign on the first tagged visits of each day
                    "utm_source": "facebook" if tagged else "", "utm_medium": "paid_social" if tagged else "",
                    "utm_campaign": ("Spring Promo Social" if i % 2 else "spring_promo_social") if tagged else "",
                })
    return events


@pytest.fixture(scope="module")
def gap_warehouse(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    work = tmp_path_factory.mktemp("audit_gap")
    raw = work / "raw"
    raw.mkdir()
    with open(raw / "events.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS, restval="")
        writer.writeheader()
        writer.writerows(_gap_events())
    database = work / "gap.duckdb"
    # one dbt invocation: the audit marts and their parents (seeds and models only; their data tests run
    # in the shared build)
    run_dbt(["build", "--select", "+fct_tracking_event_coverage", "+fct_tracking_event_volumes",
             "+fct_unmapped_events", "+fct_utm_spellings", "--resource-type", "seed", "--resource-type", "model"],
            raw_path=raw, duckdb_path=database, target_path=work / "target")
    connection = duckdb.connect(str(database), read_only=True)
    yield connection
    connection.close()


def test_gap_stopped_event_is_flagged(gap_warehouse: duckdb.DuckDBPyConnection) -> None:
    coverage = {row[0]: row[1:] for row in gap_warehouse.execute(
        "select canonical_event, tracking_status, cast(last_seen_at as date), total_rows"
        " from marts.fct_tracking_event_coverage").fetchall()}
    # login: 20 a day for 30 days, then silent for 10 days (~200 rows missing, far above the 10-row threshold)
    assert coverage["login"] == ("stopped", GAP_LOGIN_LAST_DAY, 20 * 30)
    assert coverage["page_view"] == ("arriving", GAP_FIRST_DAY + timedelta(days=GAP_DAYS - 1), 30 * 39 + 200)
    assert coverage["legacy_widget_click"][0] == "unmapped"
    # every other tracking event of the taxonomy is expected and never arrived; ad_click is derived, not expected
    absent = {event for event, values in coverage.items() if values[0] == "absent"}
    assert {"sign_up", "trial_start", "order_completed", "payment_failed"} <= absent
    assert "ad_click" not in coverage


def test_gap_daily_anomalies_by_hand(gap_warehouse: duckdb.DuckDBPyConnection) -> None:
    flagged = set(gap_warehouse.execute(
        "select canonical_event, event_date, anomaly_direction from marts.fct_tracking_event_volumes"
        " where is_anomaly").fetchall())
    # page_view: 28 days of 30 -> sd 0, floor sqrt(30) = 5.48; 200 gives z = 31. The days after stay below 4.
    # login on 03-31: mean 20, floor sqrt(20) = 4.47, z = -4.47. On 04-01: mean 19.29, sd 3.78, floor 4.39,
    # z = -4.39. On 04-02: mean 18.57, sd 5.25, z = -3.54 (not flagged).
    assert flagged == {("page_view", GAP_SPIKE_DAY, "spike"), ("login", date(2026, 3, 31), "drop"),
                       ("login", date(2026, 4, 1), "drop")}
    z_spike = gap_warehouse.execute(
        "select z_score from marts.fct_tracking_event_volumes where canonical_event = 'page_view'"
        " and event_date = ?", [GAP_SPIKE_DAY]).fetchone()[0]
    assert z_spike == pytest.approx((200 - 30) / 30 ** 0.5)


def test_gap_unmapped_and_utm(gap_warehouse: duckdb.DuckDBPyConnection) -> None:
    assert gap_warehouse.execute(
        "select event_name_raw, event_rows, days_seen from marts.fct_unmapped_events").fetchall() == [
        ("legacy_widget_click", 5, 5)]
    spellings = gap_warehouse.execute(
        "select utm_raw_spelling, events, spellings_of_value, is_inconsistent_value from marts.fct_utm_spellings"
        " where utm_field = 'campaign' order by 1").fetchall()
    # 4 tagged page views a day: i = 0, 2 typed 'spring_promo_social', i = 1, 3 'Spring Promo Social'
    assert spellings == [("Spring Promo Social", 80, 2, True), ("spring_promo_social", 80, 2, True)]


def test_unknown_event_names_are_reported(sim_warehouse: duckdb.DuckDBPyConnection, simulated) -> None:
    truth = json.loads((simulated.truth_dir / "effects.json").read_text())
    planted = set(truth["dirty_data_rates"]["unknown_event_names"])
    unmapped = dict(sim_warehouse.execute("select event_name_raw, event_rows from marts.fct_unmapped_events").fetchall())
    assert set(unmapped) == planted
    assert sum(unmapped.values()) == truth["defect_counts"]["events"]["unknown_event_name"]
    statuses = dict(sim_warehouse.execute(
        "select canonical_event, tracking_status from marts.fct_tracking_event_coverage").fetchall())
    assert {statuses[name] for name in planted} == {"unmapped"}
    # no false alarm: every expected event of the simulation keeps arriving until the end
    expected = sim_warehouse.execute(
        "select canonical_event, tracking_status from marts.fct_tracking_event_coverage where is_expected_event"
    ).fetchall()
    assert expected and {status for _, status in expected} == {"arriving"}


def test_inconsistent_utm_spellings_are_reported(sim_warehouse: duckdb.DuckDBPyConnection, simulated) -> None:
    rows = sim_warehouse.execute(
        "select utm_value, utm_raw_spelling, events from marts.fct_utm_spellings"
        " where utm_field = 'campaign' and is_inconsistent_value").fetchall()
    values = {value for value, _, _ in rows}
    assert "spring_promo_social" in values
    # independent check on the raw file: the spellings that normalise (lower case, spaces to '_') to the campaign
    raw = duckdb.connect().execute(
        "select distinct trim(utm_campaign) from read_parquet(?) where utm_campaign is not null",
        [str(simulated.raw_dir / "events.parquet")]).fetchall()
    raw_spellings = {s for (s,) in raw if s and re.sub(r"[ ]+", "_", s.strip().lower()) == "spring_promo_social"}
    mart_spellings = {spelling for value, spelling, _ in rows if value == "spring_promo_social"}
    assert len(mart_spellings) > 1
    assert mart_spellings <= raw_spellings


def test_duplicate_rates_match_the_planted_redeliveries(sim_warehouse: duckdb.DuckDBPyConnection, simulated) -> None:
    truth = json.loads((simulated.truth_dir / "effects.json").read_text())["defect_counts"]
    duplicates = dict(sim_warehouse.execute(
        "select source_table, sum(duplicate_rows) from marts.fct_event_duplicates group by 1").fetchall())
    assert duplicates["events"] == truth["events"]["duplicate_rows"]
    assert duplicates["email_events"] == truth["email_events"]["duplicate_rows"]
    rate = sim_warehouse.execute(
        "select sum(duplicate_rows) * 1.0 / sum(raw_rows) from marts.fct_event_duplicates"
        " where source_table = 'events'").fetchone()[0]
    assert rate == pytest.approx(0.016, abs=0.003)  # planted: 1.5 % of rows redelivered, 10 % of them twice


def test_identifier_linkage_counts(sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    linkage = {row[0]: row[1:] for row in sim_warehouse.execute(
        "select record_type, records, records_linked_to_person, records_linked_to_web_person, web_link_rate"
        " from marts.fct_identifier_linkage").fetchall()}
    orders = sim_warehouse.execute("select count(distinct order_id) from staging.stg_billing__orders").fetchone()[0]
    leads = sim_warehouse.execute("select count(distinct lead_id) from staging.stg_crm__leads").fetchone()[0]
    assert linkage["order"][0] == orders and linkage["lead"][0] == leads
    for records, to_person, to_web, rate in linkage.values():
        assert 0 <= to_web <= to_person <= records and rate == pytest.approx(to_web / records)


def test_freshness_uses_the_declared_thresholds(sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    # the sources' thresholds are the vars journey_source_freshness_{warn,error}_hours, per source system, in hours
    project_vars = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"]
    declared = {}
    for path in (PROJECT_DIR / "models" / "staging").glob("*/_*__sources.yml"):
        for source in yaml.safe_load(path.read_text())["sources"]:
            freshness = source["config"]["freshness"]
            assert {freshness[level]["period"] for level in ("warn_after", "error_after")} == {"hour"}
            for table in source["tables"]:
                declared[table["name"]] = tuple(
                    project_vars[f"journey_source_freshness_{level}_hours"][source["name"]] for level in ("warn", "error"))
    marts = {row[0]: row[1:] for row in sim_warehouse.execute(
        "select source_table, warn_after_hours, error_after_hours, hours_behind_data, freshness_status"
        " from marts.fct_source_freshness").fetchall()}
    assert set(marts) == set(declared)
    rows = dict(sim_warehouse.execute("select source_table, raw_rows from marts.fct_source_freshness").fetchall())
    for table, (warn, error, lag, status) in marts.items():
        assert (warn, error) == declared[table]
        if rows[table] == 0:  # the trackers' tables: the simulation writes the native contract only
            assert (lag, status) == (None, "not_used"), table
        else:
            assert status == ("error" if lag > error else "warn" if lag > warn else "pass")
    assert marts["events"][3] == "pass"
    assert {table for table, count in rows.items() if count == 0} == {
        "ga4_events", "segment_tracks", "segment_pages", "segment_screens", "segment_identifies", "snowplow_events"}
