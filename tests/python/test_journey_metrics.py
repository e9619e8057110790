"""The journey metric-family marts on the shared simulation: they recover the planted effects, and
their counts agree with plain-Python computations over the same timeline rows."""

from __future__ import annotations

import json
from collections import defaultdict

import duckdb
import pytest

from conftest import SimulatedWarehouse


def _rows(connection: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, object]]:
    cursor = connection.execute(sql)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def test_safari_with_paypal_tops_the_friction_ranking(
    simulated: SimulatedWarehouse, sim_warehouse: duckdb.DuckDBPyConnection
) -> None:
    effect = json.loads((simulated.truth_dir / "effects.json").read_text())["planted_effects"][
        "safari_paypal_failures"
    ]
    top = _rows(sim_warehouse, "select * from marts.fct_friction_segments where friction_rank = 1")[0]
    assert (top["friction_point"], top["browser"], top["payment_method"]) == (
        "checkout_payment",
        effect["browser"],
        effect["payment_method"],
    )
    assert top["is_significant"] and top["is_peak_segment"]
    # planted: 40 % of Safari + PayPal payment attempts fail against 5 % elsewhere
    assert top["failure_rate"] > 0.25
    assert top["rest_failure_rate"] < 0.10


def test_pricing_page_viewers_request_demos_about_four_times_as_often(
    simulated: SimulatedWarehouse, sim_warehouse: duckdb.DuckDBPyConnection
) -> None:
    effect = json.loads((simulated.truth_dir / "effects.json").read_text())["planted_effects"][
        "pricing_page_demo_lift"
    ]
    signal = _rows(sim_warehouse, "select * from marts.fct_intent_signals where signal_name = 'pricing_page_view'")[0]
    assert signal["property_value"] == effect["page_path"]
    assert signal["z_score"] > 5
    assert effect["demo_rate_multiplier"] * 0.6 < signal["conversion_lift"] < effect["demo_rate_multiplier"] * 1.5


def test_the_spring_promo_brings_many_people_who_rarely_check_out(sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    campaigns = _rows(
        sim_warehouse,
        "select * from marts.fct_acquisition_conversions"
        " where acquisition_campaign not in ('(not set)', '(none)') and people >= 100 order by people desc",
    )
    by_campaign = {row["acquisition_campaign"]: row for row in campaigns}
    promo = by_campaign["spring_promo_social"]
    # high entries: the promo is the campaign that brought the most people
    assert campaigns[0]["acquisition_campaign"] == "spring_promo_social"
    others = [row for name, row in by_campaign.items() if name != "spring_promo_social"]
    others_rate = sum(row["checkout_people"] for row in others) / sum(row["people"] for row in others)
    # low checkout conversion: the lowest checkout rate of every sizeable campaign, under a third of the rest's
    assert promo["checkout_rate"] == min(row["checkout_rate"] for row in campaigns)
    assert promo["checkout_rate"] < others_rate / 3


def test_completing_the_key_onboarding_step_goes_with_activation(
    simulated: SimulatedWarehouse, sim_warehouse: duckdb.DuckDBPyConnection
) -> None:
    effect = json.loads((simulated.truth_dir / "effects.json").read_text())["planted_effects"][
        "onboarding_connect_data_source"
    ]
    steps = {row["onboarding_step"]: row for row in _rows(sim_warehouse, "select * from marts.fct_onboarding_steps")}
    key = steps[effect["key_step"]]
    assert abs(key["completer_activation_rate"] - effect["activation_rate_with_step"]) < 0.08
    assert abs(key["non_completer_activation_rate"] - effect["activation_rate_without_step"]) < 0.08
    # the key step is the one whose completion goes with activation the most
    assert max(steps.values(), key=lambda row: row["activation_lift"])["onboarding_step"] == effect["key_step"]


def test_friction_counts_agree_with_a_plain_python_count(sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    """Payment attempts and failures by browser x payment method, counted in Python from the timeline."""
    events = sim_warehouse.execute(
        "select activity, browser, payment_method from intermediate.int_activities_enriched"
        " where activity in ('payment_failed', 'order_completed')"
    ).fetchall()
    expected: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for activity, browser, payment_method in events:
        key = (browser or "(none)", payment_method or "(none)")
        expected[key][0] += 1
        expected[key][1] += activity == "payment_failed"
    actual = {
        (row[0], row[1]): [row[2], row[3]]
        for row in sim_warehouse.execute(
            "select browser, payment_method, attempts, failures from marts.fct_friction_segments"
            " where friction_point = 'checkout_payment' and device_type = '(all)'"
            " and browser <> '(all)' and payment_method <> '(all)'"
        ).fetchall()
    }
    assert actual == dict(expected)
    assert sum(attempts for attempts, _ in expected.values()) > 300


def test_intent_signal_counts_agree_with_a_plain_python_count(sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    """pricing_page_view -> demo_request, recomputed person by person in Python."""
    rows = sim_warehouse.execute(
        "select person_id, activity, page_path, activity_at from intermediate.int_activities_enriched"
    ).fetchall()
    first_signal: dict[str, object] = {}
    last_outcome: dict[str, object] = {}
    people = set()
    for person_id, activity, page_path, activity_at in rows:
        people.add(person_id)
        if activity == "page_view" and page_path == "/pricing":
            first_signal[person_id] = min(activity_at, first_signal.get(person_id, activity_at))
        if activity == "demo_request":
            last_outcome[person_id] = max(activity_at, last_outcome.get(person_id, activity_at))
    signal_converted = sum(1 for p, at in first_signal.items() if p in last_outcome and last_outcome[p] >= at)
    non_signal_converted = sum(1 for p in last_outcome if p not in first_signal)
    mart = _rows(sim_warehouse, "select * from marts.fct_intent_signals where signal_name = 'pricing_page_view'")[0]
    assert (mart["people"], mart["signal_people"], mart["signal_converted_people"]) == (
        len(people),
        len(first_signal),
        signal_converted,
    )
    assert (mart["non_signal_people"], mart["non_signal_converted_people"]) == (
        len(people) - len(first_signal),
        non_signal_converted,
    )


@pytest.mark.parametrize("mart", ["fct_journey_stages", "fct_conversion_outcomes", "fct_entrances"])
def test_stage_and_outcome_marts_reconcile_with_the_timeline(
    sim_warehouse: duckdb.DuckDBPyConnection, mart: str
) -> None:
    """Each mart's totals equal a direct count over its input."""
    if mart == "fct_journey_stages":
        mart_total = sim_warehouse.execute(
            "select people_reached from marts.fct_journey_stages"
            " where acquisition_channel_group = '(all)' and journey_stage = 'signup'"
        ).fetchone()[0]
        direct = sim_warehouse.execute(
            "select count(distinct person_id) from intermediate.int_activities_enriched where journey_stage = 'signup'"
        ).fetchone()[0]
    elif mart == "fct_conversion_outcomes":
        mart_total = sim_warehouse.execute(
            "select sum(outcomes) from marts.fct_conversion_outcomes where activity = 'order_placed'"
        ).fetchone()[0]
        direct = sim_warehouse.execute(
            "select count(*) from intermediate.int_activities_enriched where activity = 'order_placed'"
        ).fetchone()[0]
    else:
        mart_total = sim_warehouse.execute("select sum(sessions) from marts.fct_entrances").fetchone()[0]
        direct = sim_warehouse.execute("select count(*) from intermediate.int_sessions_aggregated").fetchone()[0]
    assert mart_total == direct > 0
