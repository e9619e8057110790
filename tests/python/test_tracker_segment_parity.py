"""Parity of the Segment format with the native one on the same simulated population.

`journeykit simulate --format segment` writes the same events as Segment's warehouse tables (see
journeykit.simulator.segment); everything else is native. Both are built with `dbt build`, and the
persons, sessions, funnels, retention and attribution marts must be the same, except for what the
Segment format cannot carry, left out below and nowhere else:

* an app track has no screen (Segment's mobile context has no page), so an app session whose first
  event is a track has no landing page: landing_page_path/url are compared for web sessions only;
* an event with an email is, in Segment, a track plus an identify call: the identity graph sees the
  pair twice, so int_identifiers_resolved.observation_count is not compared;
* rows whose native timestamp is unparseable or in the future have no Segment form (they are
  quarantined in the native build; the staged events are compared one by one below);
* doubles (attribution credits, sums of them) are compared to 1e-9: the order in which the engine
  adds floating-point credits is not fixed.
"""

from __future__ import annotations

import duckdb
import pytest

from parity_checks import columns_but, same_rows
from journeykit.project import run_dbt
from journeykit.simulator import simulate


@pytest.fixture(scope="module")
def segment_build(native_small_build, tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    work = tmp_path_factory.mktemp("segment_parity")
    simulate(work / "sim", quiet=True, event_format="segment", **native_small_build.simulate_args)
    raw = work / "sim" / "raw"
    assert not (raw / "events.parquet").exists()
    database = work / "segment.duckdb"
    run_dbt(["build"], raw_path=raw, duckdb_path=database, target_path=work / "target")
    connection = duckdb.connect(str(database), read_only=True)
    connection.execute(f"attach '{native_small_build.database}' as native (read_only)")
    yield connection
    connection.close()


def test_the_staged_events_are_the_native_ones(segment_build: duckdb.DuckDBPyConnection) -> None:
    compared = (
        "event_id, anonymous_id, user_id, canonical_event, journey_stage, platform, utm_source, utm_medium, "
        "utm_campaign, utm_content, utm_term, click_id, click_id_type, traffic_source, traffic_medium, "
        "traffic_campaign, channel_group, device_type, browser, os, country, order_id, revenue, currency, "
        "error_code, form_id, plan, payment_method, search_term, onboarding_step, feature_name, event_at"
    )
    segment = segment_build.execute(f"select {compared} from staging.stg_segment__events").fetchall()
    native = segment_build.execute(f"select {compared} from native.staging.stg_tracking__events").fetchall()
    assert len(segment) > 2000
    assert sorted(segment, key=repr) == sorted(native, key=repr)
    # the page of every web event, and of every app page view (a screen call)
    page = "event_id, page_url, page_path, referrer_url"
    web_or_screen = "platform = 'web' or canonical_event = 'page_view'"
    assert sorted(segment_build.execute(
        f"select {page} from staging.stg_segment__events where {web_or_screen}").fetchall(), key=repr) == sorted(
        segment_build.execute(f"select {page} from native.staging.stg_tracking__events where {web_or_screen}")
        .fetchall(), key=repr)


def test_persons_and_identity_are_the_native_ones(segment_build: duckdb.DuckDBPyConnection) -> None:
    assert same_rows(segment_build, "marts.dim_persons") > 100
    relation = "intermediate.int_identifiers_resolved"
    same_rows(segment_build, relation, columns_but(segment_build, relation, {"observation_count"}))


def test_sessions_are_the_native_ones(segment_build: duckdb.DuckDBPyConnection) -> None:
    relation = "intermediate.int_sessions_aggregated"
    assert same_rows(segment_build, relation, where="platform = 'web'") > 300
    app_columns = columns_but(segment_build, relation, {"landing_page_path", "landing_page_url"})
    assert same_rows(segment_build, relation, app_columns, where="platform <> 'web'") > 0


@pytest.mark.parametrize("relation", [
    "marts.fct_funnel_entries", "marts.fct_funnel_entry_steps", "marts.fct_funnel_steps",
    "marts.fct_retention", "marts.fct_cohort_members",
    "marts.fct_attribution_credits", "marts.fct_attribution_channel_comparison",
])
def test_funnel_retention_and_attribution_marts_are_the_native_ones(
    segment_build: duckdb.DuckDBPyConnection, relation: str,
) -> None:
    assert same_rows(segment_build, relation) > 0


def test_every_segment_table_reconciles(segment_build: duckdb.DuckDBPyConnection) -> None:
    reconciled = segment_build.execute("""
        select source_table, raw_rows, is_reconciled from intermediate.int_raw_rows_reconciled
        where source_table like 'segment_%' order by 1
    """).fetchall()
    assert [table for table, _, _ in reconciled] == [
        "segment_identifies", "segment_pages", "segment_screens", "segment_tracks"]
    assert all(raw_rows > 0 and ok for _, raw_rows, ok in reconciled)
