"""Parity of the Snowplow format with the native one on the same simulated population.

`journeykit simulate --format snowplow` writes the same events as Snowplow's atomic.events table
(snowplow_events, see journeykit.simulator.snowplow); everything else is native. Both are built with
`dbt build` (models and seeds), the Snowplow side with journey_sessions_follow_tracker: false so that its
sessions follow the same timeout rules as the native events (the simulator's domain_sessionid cuts a
device's events at a 30-minute gap only; the project's rules also cut at a change of campaign and at
journey_session_max_hours). The persons, identity, sessions, funnels, retention and attribution marts must
be the same, except for what the Snowplow format cannot carry, left out below and nowhere else:

* an app event that is not a screen view has no page (Snowplow's mobile trackers send no page_url), so an
  app session whose first event is not a screen view has no landing page: landing_page_path/url are
  compared for web sessions only, and the staged events' page columns for web events and page views;
* rows whose native timestamp is unparseable or in the future have no Snowplow form (Snowplow's timestamps
  are typed and its collector stamps every event; they are quarantined in the native build, so the staged
  events are the same, compared one by one below);
* the raw event names (a transaction, a screen_view, every page view spelled page_view): the canonical
  events are compared;
* doubles (attribution credits, sums of them) are compared to 1e-9: the order in which the engine adds
  floating-point credits is not fixed.
"""

from __future__ import annotations

import duckdb
import pytest

from conftest import PARITY_BUILD_ARGS
from parity_checks import columns_but, same_rows
from journeykit.project import run_dbt
from journeykit.simulator import simulate


@pytest.fixture(scope="module")
def snowplow_build(native_small_build, tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    work = tmp_path_factory.mktemp("snowplow_parity")
    simulate(work / "sim", quiet=True, event_format="snowplow", **native_small_build.simulate_args)
    raw = work / "sim" / "raw"
    assert not (raw / "events.parquet").exists()
    database = work / "snowplow.duckdb"
    run_dbt([*PARITY_BUILD_ARGS, "--vars", "{journey_sessions_follow_tracker: false}"],
            raw_path=raw, duckdb_path=database, target_path=work / "target")
    connection = duckdb.connect(str(database), read_only=True)
    connection.execute(f"attach '{native_small_build.database}' as native (read_only)")
    yield connection
    connection.close()


def test_the_staged_events_are_the_native_ones(snowplow_build: duckdb.DuckDBPyConnection) -> None:
    compared = (
        "event_id, anonymous_id, user_id, email_hash, canonical_event, journey_stage, platform, utm_source, "
        "utm_medium, utm_campaign, utm_content, utm_term, click_id, click_id_type, traffic_source, traffic_medium, "
        "traffic_campaign, channel_group, device_type, browser, os, country, order_id, revenue, currency, "
        "error_code, form_id, plan, payment_method, search_term, onboarding_step, feature_name, event_at"
    )
    snowplow = snowplow_build.execute(f"select {compared} from staging.stg_snowplow__events").fetchall()
    native = snowplow_build.execute(f"select {compared} from native.staging.stg_tracking__events").fetchall()
    assert len(snowplow) > 2000
    assert sorted(snowplow, key=repr) == sorted(native, key=repr)
    # the page of every web event, and of every app page view (a screen_view)
    page = "event_id, page_url, page_path, referrer_url"
    web_or_screen = "platform = 'web' or canonical_event = 'page_view'"
    assert sorted(snowplow_build.execute(
        f"select {page} from staging.stg_snowplow__events where {web_or_screen}").fetchall(), key=repr) == sorted(
        snowplow_build.execute(f"select {page} from native.staging.stg_tracking__events where {web_or_screen}")
        .fetchall(), key=repr)


def test_persons_and_identity_are_the_native_ones(snowplow_build: duckdb.DuckDBPyConnection) -> None:
    assert same_rows(snowplow_build, "marts.dim_persons") > 100
    same_rows(snowplow_build, "intermediate.int_identifiers_resolved")


def test_sessions_are_the_native_ones(snowplow_build: duckdb.DuckDBPyConnection) -> None:
    relation = "intermediate.int_sessions_aggregated"
    assert same_rows(snowplow_build, relation, where="platform = 'web'") > 300
    app_columns = columns_but(snowplow_build, relation, {"landing_page_path", "landing_page_url"})
    assert same_rows(snowplow_build, relation, app_columns, where="platform <> 'web'") > 0


@pytest.mark.parametrize("relation", [
    "marts.fct_funnel_entries", "marts.fct_funnel_entry_steps", "marts.fct_funnel_steps",
    "marts.fct_retention", "marts.fct_cohort_members",
    "marts.fct_attribution_credits", "marts.fct_attribution_channel_comparison",
])
def test_funnel_retention_and_attribution_marts_are_the_native_ones(
    snowplow_build: duckdb.DuckDBPyConnection, relation: str,
) -> None:
    assert same_rows(snowplow_build, relation) > 0


def test_the_snowplow_table_reconciles(snowplow_build: duckdb.DuckDBPyConnection) -> None:
    reconciled = snowplow_build.execute("""
        select raw_rows, staged_rows, quarantined_rows, duplicate_rows, is_reconciled
        from intermediate.int_raw_rows_reconciled where source_table = 'snowplow_events'
    """).fetchall()
    native = snowplow_build.execute("""
        select staged_rows from native.intermediate.int_raw_rows_reconciled where source_table = 'events'
    """).fetchall()
    [(raw_rows, staged_rows, quarantined_rows, duplicate_rows, is_reconciled)] = reconciled
    assert is_reconciled and raw_rows == staged_rows + quarantined_rows + duplicate_rows
    assert [(staged_rows,)] == native
    # the simulated devices keep to Snowplow's limits: nothing is quarantined for them
    assert snowplow_build.execute("""
        select count(*) from staging.base_snowplow__events
        where quarantine_reason in ('session_too_long', 'late_device_event')
    """).fetchall() == [(0,)]
