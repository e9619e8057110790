"""What predicts churn (fct_churn_predictors) on the simulated population: the planted retention gap between
Organic Search and Paid Social customers and the planted onboarding effect on activation are discoveries at
the default false discovery rate, and a plain-Python recomputation from the person timeline gives the same
populations, counts, p-values and Benjamini-Hochberg q-values."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

import duckdb
import pytest

OUTCOMES = {
    # outcome: (start activity, outcome activity, outcome is the absence, window days, behaviours before, kinds)
    "churn_after_first_purchase": ("order_placed", "subscription_cancelled", False, 90, "start", None),
    "no_activation_in_trial": ("subscription_trial_started", "subscription_activated", True, 14, "outcome",
                               {"first_channel", "onboarding_step", "time_to_start"}),
}
MIN_PEOPLE = 30
FDR_Q = 0.05


def _row(con: duckdb.DuckDBPyConnection, outcome: str, kind: str, value: str) -> dict:
    cursor = con.execute(
        "select * from marts.fct_churn_predictors where outcome_name = ? and behaviour_kind = ? and behaviour_value = ?",
        [outcome, kind, value])
    names = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    assert len(rows) == 1, (outcome, kind, value, rows)
    return dict(zip(names, rows[0]))


def test_planted_churn_gap_and_onboarding_effect_are_discoveries(sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    organic = _row(sim_warehouse, "churn_after_first_purchase", "first_channel", "Organic Search")
    paid_social = _row(sim_warehouse, "churn_after_first_purchase", "first_channel", "Paid Social")
    connect = _row(sim_warehouse, "no_activation_in_trial", "onboarding_step", "connect_data_source")
    # the simulator's monthly churn is 2.5 % for Organic Search customers and 12 % for Paid Social ones. The
    # test population has about 280 customers observed for 90 days (17 from Paid Social): too few for either
    # row to be a discovery once every behaviour is tested (the README gives the 20,000-person demo's rows),
    # but the direction and Paid Social's interval show.
    assert organic["lift"] < 1 and paid_social["lift"] > 1 and paid_social["lift_ci_low"] > 1, paid_social
    assert paid_social["outcome_rate_with"] > 2 * organic["outcome_rate_with"]
    # activation is 70 % with the key onboarding step and 20 % without it
    assert connect["is_discovery"] and connect["lift"] < 0.6 and connect["lift_ci_high"] < 1, connect
    for row in (organic, paid_social, connect):
        assert row["rate_difference_ci_low"] <= row["rate_difference"] <= row["rate_difference_ci_high"]
        assert row["lift_ci_low"] <= row["lift"] <= row["lift_ci_high"]
    assert connect["q_value"] >= connect["p_value"]
    discoveries = sim_warehouse.execute(
        "select behaviour_kind, behaviour_value from marts.fct_churn_predictors "
        "where outcome_name = 'no_activation_in_trial' and is_discovery order by predictor_rank").fetchall()
    # the key step first; create_project and build_first_report go with it in the simulator (prerequisite, consequence)
    assert discoveries[0] == ("onboarding_step", "connect_data_source"), discoveries


def _two_sided_p(z: float) -> float:
    return math.erfc(abs(z) / math.sqrt(2))


def _bh(p_values: dict[tuple[str, str], float]) -> dict[tuple[str, str], float]:
    ordered = sorted(p_values, key=lambda key: (p_values[key], key))
    m = len(ordered)
    q: dict[tuple[str, str], float] = {}
    running = 1.0
    for rank in range(m, 0, -1):
        key = ordered[rank - 1]
        running = min(running, p_values[key] * m / rank)
        q[key] = running
    return q


def test_churn_predictors_match_plain_python(sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    con = sim_warehouse
    activities = con.execute(
        "select person_id, activity, activity_at, activity_source, onboarding_step "
        "from intermediate.int_activities_enriched").fetchall()
    observed_until = max(row[2] for row in activities)
    first_channel: dict[str, str] = {}
    for person, channel, _, _ in sorted(con.execute(
            "select person_id, entry_channel_group, session_started_at, session_id "
            "from intermediate.int_sessions_aggregated where person_id is not null").fetchall(),
            key=lambda r: (r[0], r[2], r[3]), reverse=True):
        first_channel[person] = channel if channel is not None else "(none)"
    by_person: dict[str, list[tuple]] = defaultdict(list)
    for row in activities:
        by_person[row[0]].append(row)
    first_seen = {person: min(r[2] for r in rows) for person, rows in by_person.items()}

    expected_rows = 0
    for outcome, (start, target, is_absence, days, before, kinds) in OUTCOMES.items():
        members: dict[str, bool] = {}
        behaviours: dict[tuple[str, str], set[str]] = defaultdict(set)
        for person, rows in by_person.items():
            starts = [r[2] for r in rows if r[1] == start]
            if not starts:
                continue
            started = min(starts)
            window_end = started + dt.timedelta(days=days)
            if window_end > observed_until:
                continue
            hits = [r[2] for r in rows if r[1] == target and started < r[2] <= window_end]
            members[person] = bool(hits) != is_absence
            end = started if before == "start" else (min(hits) if hits else window_end)
            in_window = [r for r in rows if r[2] < end and (before == "start" or r[2] >= started)]
            behaviours[("first_channel", first_channel.get(person, "(none)"))].add(person)
            for r in in_window:
                behaviours[("activity", r[1])].add(person)
                if r[4] is not None:
                    behaviours[("onboarding_step", r[4])].add(person)
            contacts = sum(1 for r in in_window if r[3] == "support")
            behaviours[("support_contacts", "none" if contacts == 0 else "one" if contacts == 1 else "two_or_more")].add(person)
            seconds = (started - first_seen[person]).total_seconds()
            band = "0-1 days" if seconds < 2 * 86400 else "2-7 days" if seconds < 8 * 86400 else \
                "8-30 days" if seconds < 31 * 86400 else "31+ days"
            behaviours[("time_to_start", band)].add(person)
        population = len(members)
        outcome_people = sum(members.values())
        expected: dict[tuple[str, str], tuple[int, int, float | None]] = {}
        for key, people in behaviours.items():
            if kinds is not None and key[0] not in kinds:
                continue
            with_n = len(people)
            with_k = sum(members[p] for p in people)
            without_n, without_k = population - with_n, outcome_people - with_k
            if without_n == 0:
                continue
            z = None
            pooled = (with_k + without_k) / population
            if with_n >= MIN_PEOPLE and without_n >= MIN_PEOPLE and 0 < pooled < 1:
                z = (with_k / with_n - without_k / without_n) / math.sqrt(
                    pooled * (1 - pooled) * (1 / with_n + 1 / without_n))
            expected[key] = (with_n, with_k, z)
        q_values = _bh({key: _two_sided_p(z) for key, (_, _, z) in expected.items() if z is not None})
        actual = {
            (kind, value): (population_, with_n, with_k, z, p, q, discovery)
            for kind, value, population_, with_n, with_k, z, p, q, discovery in con.execute(
                "select behaviour_kind, behaviour_value, population, people_with, outcome_people_with, z_score, "
                "p_value, q_value, is_discovery from marts.fct_churn_predictors where outcome_name = ?",
                [outcome]).fetchall()
        }
        assert set(actual) == set(expected), outcome
        for key, (with_n, with_k, z) in expected.items():
            population_, actual_n, actual_k, actual_z, p, q, discovery = actual[key]
            assert (population_, actual_n, actual_k) == (population, with_n, with_k), (outcome, key)
            if z is None:
                assert actual_z is None and p is None and q is None and not discovery, (outcome, key)
            else:
                assert actual_z == pytest.approx(z, rel=1e-9, abs=1e-12), (outcome, key)
                assert p == pytest.approx(_two_sided_p(z), abs=2e-7), (outcome, key)
                assert q == pytest.approx(q_values[key], rel=1e-4, abs=1e-5), (outcome, key)
                assert discovery == (q <= FDR_Q)
        assert population > 100, outcome
        expected_rows += len(expected)
    assert expected_rows > 40
