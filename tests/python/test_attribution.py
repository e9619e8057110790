"""Multi-touch attribution: credits add up, one-channel journeys agree, the Markov and Shapley
models match independent plain-Python computations (absorbing-chain algebra, subset
enumeration) to 1e-9, spend is joined once, and the planted low-quality campaign costs more.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import subprocess
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import duckdb
import numpy as np
import pytest
import yaml

from conftest import SimulatedWarehouse
from journeykit.project import PROJECT_DIR, dbt_executable, run_dbt
from test_funnel_config import append_lines, copy_project

TOLERANCE = 1e-9
MODELS = {"first_touch", "last_touch", "last_non_direct_touch", "linear", "time_decay", "position_based",
          "markov", "shapley"}
JourneyPath = tuple[tuple[str, ...], bool]  # (channels in touch order, converted)


# ---------------------------------------------------------------------------------------------
# Independent implementations
# ---------------------------------------------------------------------------------------------
def markov_conversion_probabilities(paths: Iterable[JourneyPath], order: int = 1) -> tuple[float, dict[str, float]]:
    """P(conversion) of the chain of the given order and P(conversion) with each channel removed.

    Solved with the fundamental matrix N = (I - Q)^-1 of the absorbing chain: B = N R.
    Consecutive repeats of a channel are collapsed before counting transitions. In order k a state
    is the tuple of the walk's last k channels (fewer at its start); removing a channel removes every
    state that contains it (transitions into those states absorb without converting).
    """
    counts: dict[tuple, int] = defaultdict(int)
    for channels, converted in paths:
        collapsed = [c for i, c in enumerate(channels) if i == 0 or channels[i - 1] != c]
        walk = [tuple(collapsed[max(0, i - order + 1):i + 1]) for i in range(len(collapsed))]
        states = ["(start)", *walk, "(conversion)" if converted else "(null)"]
        for left, right in itertools.pairwise(states):
            counts[(left, right)] += 1
    channel_states = sorted({s for pair in counts for s in pair if isinstance(s, tuple)})
    channels = sorted({c for state in channel_states for c in state})

    def solve(removed: str | None) -> float:
        transient = ["(start)", *[s for s in channel_states if removed not in s]]
        index = {s: i for i, s in enumerate(transient)}
        q = np.zeros((len(transient), len(transient)))
        r = np.zeros(len(transient))  # probability of stepping into (conversion)
        totals: dict[str, int] = defaultdict(int)
        for (left, _), n in counts.items():
            totals[left] += n
        for (left, right), n in counts.items():
            if left not in index:
                continue
            p = n / totals[left]
            if right in index:
                q[index[left], index[right]] += p
            elif right == "(conversion)":
                r[index[left]] += p
            # (null) and the removed channel absorb without converting
        absorbed = np.linalg.solve(np.eye(len(transient)) - q, r)  # N R without forming N
        return float(absorbed[index["(start)"]])

    return solve(None), {c: solve(c) for c in channels}


def shapley_shares(paths: Iterable[JourneyPath], max_channels: int) -> dict[frozenset[str], dict[str, float]]:
    """Shapley shares of the channels of every converting channel set, by subset enumeration.

    v(S) = the highest conversion rate among the observed channel sets contained in S (0 if none);
    share of c = phi_c / v(T). Sets above max_channels get an equal split (the documented fallback).
    """
    journeys: dict[frozenset[str], list[int]] = defaultdict(lambda: [0, 0])
    for channels, converted in paths:
        tally = journeys[frozenset(channels)]
        tally[0] += 1
        tally[1] += int(converted)
    rates = {s: conversions / n for s, (n, conversions) in journeys.items()}
    shares: dict[frozenset[str], dict[str, float]] = {}
    for players, (_, conversions) in journeys.items():
        if conversions == 0:
            continue
        k = len(players)
        if k > max_channels:
            shares[players] = {c: 1 / k for c in players}
            continue
        observed = [(u, rate) for u, rate in rates.items() if u <= players]

        def value(coalition: frozenset[str], observed: list = observed) -> float:
            return max((rate for u, rate in observed if u <= coalition), default=0.0)

        phi = {}
        for channel in players:
            others = sorted(players - {channel})
            total = 0.0
            for size in range(k):
                weight = math.factorial(size) * math.factorial(k - size - 1) / math.factorial(k)
                for coalition in itertools.combinations(others, size):
                    s = frozenset(coalition)
                    total += weight * (value(s | {channel}) - value(s))
            phi[channel] = total
        grand = value(players)
        shares[players] = {c: phi[c] / grand for c in players}
    return shares


# ---------------------------------------------------------------------------------------------
# The small worked example (docs/attribution.md and the credits unit test)
# ---------------------------------------------------------------------------------------------
EXAMPLE_PATHS: dict[str, JourneyPath] = {
    "c1": (("Paid Search", "Direct", "Paid Search"), True),
    "c2": (("Email",), True),
    "c3": (("Direct", "Paid Search"), True),
    "c4": (("(none)",), True),
    "c5": (("Paid Search",), True),
    "q1a": (("Paid Search",), False),
    "q1b": (("Paid Search",), False),
    "q1c": (("Paid Search",), False),
    "q3": (("Paid Search", "Paid Search", "Direct"), False),
    "q4": (("Direct", "Paid Search"), False),
}


def _example_relation() -> str:
    """The example as raw touches and conversions (one person per journey), a SQL subquery."""
    rows = []
    for person, (channels, converted) in EXAMPLE_PATHS.items():
        for number, channel in enumerate(channels, 1):
            if channel != "(none)":
                rows.append(
                    f"('{person}_t{number}', '{person}', timestamp '2026-03-0{number}', '{channel}', false, null)")
        if converted:
            rows.append(f"('{person}', '{person}', timestamp '2026-03-09', null, true, 10.0)")
    columns = "touchpoint_id, person_id, touchpoint_at, channel, is_conversion, conversion_value"
    return f"(select * from (values {', '.join(rows)}) as example({columns})) as example_touches"


@pytest.fixture(scope="module")
def example_rows(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    """The analyst macro (the code the marts run) over the example, through `dbt show` on a scratch DuckDB,
    once as configured and once with the Shapley cap at 1 channel (is_capped)."""
    work = tmp_path_factory.mktemp("attribution_example")
    relation = _example_relation()
    inline = (
        "select false as is_capped, * from ({{ journey.attribution_credits(\"" + relation + "\") }}) as credits"
        " union all select true as is_capped, * from ({{ journey.attribution_credits(\"" + relation
        + "\", shapley_max_channels=1) }}) as capped_credits"
    )
    result = run_dbt(
        ["--quiet", "show", "--inline", inline, "--output", "json", "--limit", "-1"],
        raw_path=PROJECT_DIR / "tests" / "raw_data" / "minimal",
        duckdb_path=work / "example.duckdb",
        target_path=work / "target",
    )
    return json.loads(result.output[result.output.index("{"):result.output.rindex("}") + 1])["show"]


@pytest.fixture(scope="module")
def example_credits(example_rows: list[dict]) -> list[dict]:
    return [row for row in example_rows if not row["is_capped"]]


def _channel_credits(rows: Iterable[dict], model: str) -> dict[tuple[str, str], float]:
    totals: dict[tuple[str, str], float] = defaultdict(float)
    for row in rows:
        if row["attribution_model"] == model:
            totals[(row["conversion_id"], row["channel"])] += row["credit"]
    return dict(totals)


def test_example_markov_matches_fundamental_matrix(example_credits: list[dict]) -> None:
    base, removed = markov_conversion_probabilities(EXAMPLE_PATHS.values())
    effects = {c: 1 - p / base for c, p in removed.items()}
    credits = _channel_credits(example_credits, "markov")
    expected = {}
    for conversion, (channels, converted) in EXAMPLE_PATHS.items():
        if converted:
            distinct = set(channels)
            for channel in distinct:
                expected[(conversion, channel)] = effects[channel] / sum(effects[c] for c in distinct)
    assert credits.keys() == expected.keys()
    for key, value in expected.items():
        assert credits[key] == pytest.approx(value, abs=TOLERANCE), key
    # not a degenerate example: the two shared channels get different shares
    assert abs(expected[("c1", "Paid Search")] - expected[("c1", "Direct")]) > 0.1


def test_example_shapley_matches_subset_enumeration(example_credits: list[dict]) -> None:
    shares = shapley_shares(EXAMPLE_PATHS.values(), max_channels=10)
    credits = _channel_credits(example_credits, "shapley")
    for conversion, (channels, converted) in EXAMPLE_PATHS.items():
        if converted:
            for channel in set(channels):
                assert credits[(conversion, channel)] == pytest.approx(
                    shares[frozenset(channels)][channel], abs=TOLERANCE), (conversion, channel)


def test_example_credits_sum_to_one_for_every_model(example_credits: list[dict]) -> None:
    sums: dict[tuple[str, str], float] = defaultdict(float)
    for row in example_credits:
        sums[(row["attribution_model"], row["conversion_id"])] += row["credit"]
    assert {model for model, _ in sums} == MODELS
    assert len(sums) == len(MODELS) * sum(converted for _, converted in EXAMPLE_PATHS.values())
    assert max(abs(total - 1) for total in sums.values()) < TOLERANCE


def test_shapley_above_the_cap_falls_back_to_an_equal_split(example_rows: list[dict]) -> None:
    capped = [row for row in example_rows if row["is_capped"] and row["attribution_model"] == "shapley"]
    credits = _channel_credits(capped, "shapley")
    for conversion, (channels, converted) in EXAMPLE_PATHS.items():
        if converted:
            for channel in set(channels):
                assert credits[(conversion, channel)] == pytest.approx(1 / len(set(channels)), abs=TOLERANCE)
    flagged = {row["conversion_id"] for row in capped if row["is_fallback_credit"]}
    assert flagged == {c for c, (channels, converted) in EXAMPLE_PATHS.items() if converted and len(set(channels)) > 1}
    # the other models are not affected by the cap
    markov = [row for row in example_rows if row["attribution_model"] == "markov"]
    assert _channel_credits([r for r in markov if r["is_capped"]], "markov") == pytest.approx(
        _channel_credits([r for r in markov if not r["is_capped"]], "markov"))


def test_shapley_falls_back_when_a_channel_bit_does_not_fit_the_mask(tmp_path: Path) -> None:
    """A conversion type with 64 channels: a two-channel journey whose channels rank 63rd and 64th cannot be
    coded in a bigint mask, so it gets the equal split (flagged), while the query still runs."""
    rows = [
        f"('a{n:02d}', 'a', timestamp '2026-03-01' + interval {n} minute, 'c{n:02d}', false, null)" for n in range(62)
    ]
    rows += ["('b1', 'b', timestamp '2026-03-02', 'zz0', false, null)",
             "('b2', 'b', timestamp '2026-03-03', 'zz1', false, null)",
             "('b', 'b', timestamp '2026-03-04', null, true, 1.0)"]
    columns = "touchpoint_id, person_id, touchpoint_at, channel, is_conversion, conversion_value"
    relation = f"(select * from (values {', '.join(rows)}) as wide({columns})) as wide_touches"
    inline = (
        "select * from ({{ journey.attribution_credits(\"" + relation + "\") }}) as credits"
        " where attribution_model = 'shapley'"
    )
    result = run_dbt(
        ["--quiet", "show", "--inline", inline, "--output", "json", "--limit", "-1"],
        raw_path=PROJECT_DIR / "tests" / "raw_data" / "minimal",
        duckdb_path=tmp_path / "wide.duckdb",
        target_path=tmp_path / "target",
    )
    credits = json.loads(result.output[result.output.index("{"):result.output.rindex("}") + 1])["show"]
    assert {(row["channel"], row["credit"], row["is_fallback_credit"]) for row in credits} == {
        ("zz0", 0.5, True), ("zz1", 0.5, True)}


def test_unit_test_shapley_fixture_matches_subset_enumeration() -> None:
    """The Shapley credits pasted in the dbt unit test are the ones this independent code computes."""
    spec = yaml.safe_load((PROJECT_DIR / "models/intermediate/attribution/_attribution__models.yml").read_text())
    test = next(t for t in spec["unit_tests"] if t["name"] == "attribution_shapley_credits_by_hand")
    journeys: dict[str, list[dict]] = defaultdict(list)
    for row in test["given"][0]["rows"]:
        journeys[row["journey_id"]].append(row)
    paths = {j: (tuple(r["channel"] for r in sorted(rows, key=lambda r: r["touch_number"])), rows[0]["is_converting"])
             for j, rows in journeys.items()}
    shares = shapley_shares(paths.values(), max_channels=10)
    expected_rows = [r for r in test["expect"]["rows"] if r["attribution_model"] == "shapley"]
    assert len(expected_rows) == sum(len(p[0]) for p in paths.values() if p[1])
    touch_channel = {r["touchpoint_id"]: (j, r["channel"]) for j, rows in journeys.items() for r in rows}
    for row in expected_rows:
        journey_id, channel = touch_channel[row["touchpoint_id"]]
        channels = paths[journey_id][0]
        assert row["credit"] == pytest.approx(shares[frozenset(channels)][channel] / channels.count(channel), abs=1e-12)


def test_a_conversion_type_on_an_unknown_activity_fails_with_a_message(tmp_path: Path) -> None:
    """A conversion_types row whose activity is not a canonical event of event_taxonomy fails `dbt build`
    with a message naming the row, the closest known activity and the taxonomy row to add; the check sits
    on int_configured_events_checked, which nothing is built from, so it skips no attribution model."""
    project = copy_project(tmp_path / "project")
    append_lines(project / "seeds" / "attribution" / "conversion_types.csv",
                 ["trial_typo,trial_strat,fixed,0,true,false,A misspelt activity"])
    env = dict(os.environ, JOURNEY_RAW_PATH=str(PROJECT_DIR / "tests" / "raw_data" / "minimal"),
               JOURNEY_DUCKDB_PATH=str(tmp_path / "bad.duckdb"))
    completed = subprocess.run(
        [
            dbt_executable(), "build", "--select", "+int_configured_events_checked", "--indirect-selection", "cautious",
            "--project-dir", str(project), "--profiles-dir", str(project), "--target-path", str(tmp_path / "target"),
        ],
        cwd=project, env=env, capture_output=True, text=True, check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode != 0, output[-4000:]
    assert "FAIL 1 configured_events_are_known_int_configured_events_checked_ " in output
    assert " SKIP " not in output
    with duckdb.connect(str(tmp_path / "bad.duckdb"), read_only=True) as connection:
        problems = connection.sql(
            "select seed_row, closest_known_event, problem from intermediate.int_configured_events_checked "
            "where not is_known_event").fetchall()
    assert [(row, closest) for row, closest, _ in problems] == [("conversion_type=trial_typo", "trial_start")]
    assert problems[0][2].endswith("Until then, this conversion type has no conversions.")


def standard_markov_shares(paths: Iterable[JourneyPath], order: int = 1) -> dict[str, float]:
    """The standard allocation's shares: removal effect / sum of removal effects (numpy chain above)."""
    base, removed = markov_conversion_probabilities(list(paths), order)
    effects = {c: max(1 - p / base, 0.0) for c, p in removed.items()}
    return {c: e / sum(effects.values()) for c, e in effects.items()}


# ---------------------------------------------------------------------------------------------
# Higher orders and the standard allocation by hand (docs/attribution.md, "Higher orders")
# ---------------------------------------------------------------------------------------------
ORDER_PATHS: dict[str, JourneyPath] = {
    "j1": (("A", "B", "C"), True),
    "j2": (("B", "A", "C"), False),
    "j3": (("A", "B"), False),
    "j4": (("C",), True),
    "j5": (("A", "A", "B", "C"), True),
    "j6": (("B", "C"), False),
}
ORDER_VALUES = {"j1": 10.0, "j4": 20.0, "j5": 30.0}
# By hand. Order 2 (states A, B, C, A>B, B>A, B>C, A>C): P(start -> A, B, C) = 1/2, 1/3, 1/6;
# A -> A>B; A>B -> B>C 2/3, (null) 1/3; B>C -> (conversion) 2/3, (null) 1/3; B -> B>A 1/2, B>C 1/2;
# B>A -> A>C -> (null); C -> (conversion). So P(B>C) = 2/3, P(A) = P(A>B) = 4/9, P(B) = 1/3, P(C) = 1
# and P(conversion) = 1/2 4/9 + 1/3 1/3 + 1/6 = 1/2. Without A (start -> A and B -> B>A absorb):
# 1/3 1/3 + 1/6 = 5/18, effect 4/9; without B: 1/6, effect 2/3; without C: 0, effect 1.
# Standard allocation: 3 conversions x (4/9, 6/9, 9/9) / (19/9) = 12/19, 18/19, 27/19; value 60 alike.
# Order 1 (A -> B; B -> (conversion) 1/2; C -> B 1/2, (conversion) 1/2): P = 1/2, without A 11/50,
# without B 7/40, without C 0: effects 14/25, 13/20, 1. Order 3: without A or B 1/6: 2/3, 2/3, 1.
ORDER_EXPECTED = {
    1: {"base": 1 / 2, "effects": {"A": 14 / 25, "B": 13 / 20, "C": 1.0}},
    2: {"base": 1 / 2, "effects": {"A": 4 / 9, "B": 2 / 3, "C": 1.0}},
    3: {"base": 1 / 2, "effects": {"A": 2 / 3, "B": 2 / 3, "C": 1.0}},
}


def _order_relation() -> str:
    rows = []
    for person, (channels, converted) in ORDER_PATHS.items():
        for number, channel in enumerate(channels, 1):
            rows.append(f"('{person}_t{number}', '{person}', timestamp '2026-03-0{number}', '{channel}', false, null)")
        if converted:
            rows.append(f"('{person}', '{person}', timestamp '2026-03-09', null, true, {ORDER_VALUES[person]})")
    columns = "touchpoint_id, person_id, touchpoint_at, channel, is_conversion, conversion_value"
    return f"(select * from (values {', '.join(rows)}) as paths({columns})) as order_touches"


@pytest.fixture(scope="module")
def order_effects(tmp_path_factory: pytest.TempPathFactory) -> dict[int, dict[str, dict]]:
    """journey.attribution_credits(returns='removal_effects') over ORDER_PATHS in orders 1, 2 and 3, and its
    order-2 credits: {order: {channel: row}} and {0: credits rows} (one `dbt show`)."""
    work = tmp_path_factory.mktemp("attribution_orders")
    relation = _order_relation()
    selects = [
        f"select {order} as markov_order, channel, conversion_probability, removal_effect, removal_effect_share,"
        f" conversions, conversion_value, attributed_conversions, attributed_value, is_markov_converged,"
        f" null as conversion_id, null as credit from ({{{{ journey.attribution_credits(\"{relation}\","
        f" returns='removal_effects', markov_order={order}) }}}}) as effects_{order}"
        for order in (1, 2, 3)
    ]
    selects.append(
        "select 0, channel, null, null, null, null, null, null, null, is_markov_converged, conversion_id, credit"
        f" from ({{{{ journey.attribution_credits(\"{relation}\", markov_order=2) }}}}) as credits"
        " where attribution_model = 'markov'"
    )
    result = run_dbt(
        ["--quiet", "show", "--inline", " union all ".join(selects), "--output", "json", "--limit", "-1"],
        raw_path=PROJECT_DIR / "tests" / "raw_data" / "minimal",
        duckdb_path=work / "orders.duckdb",
        target_path=work / "target",
    )
    rows = json.loads(result.output[result.output.index("{"):result.output.rindex("}") + 1])["show"]
    by_order: dict[int, dict] = defaultdict(dict)
    for row in rows:
        if row["markov_order"] == 0:
            by_order[0].setdefault("credits", []).append(row)
        else:
            by_order[row["markov_order"]][row["channel"]] = row
    return by_order


def test_higher_order_removal_effects_by_hand(order_effects: dict[int, dict]) -> None:
    for order, expected in ORDER_EXPECTED.items():
        rows = order_effects[order]
        assert rows.keys() == expected["effects"].keys(), order
        for channel, effect in expected["effects"].items():
            assert rows[channel]["conversion_probability"] == pytest.approx(expected["base"], abs=1e-12)
            assert rows[channel]["removal_effect"] == pytest.approx(effect, abs=1e-12), (order, channel)
            assert rows[channel]["is_markov_converged"]
        # the independent numpy chain agrees with the hand computation
        base, removed = markov_conversion_probabilities(ORDER_PATHS.values(), order)
        assert base == pytest.approx(expected["base"], abs=1e-12)
        assert {c: 1 - p / base for c, p in removed.items()} == pytest.approx(expected["effects"], abs=1e-12)
    # the orders differ, so the order is really applied
    assert order_effects[1]["A"]["removal_effect"] != pytest.approx(order_effects[2]["A"]["removal_effect"])


def test_standard_allocation_by_hand(order_effects: dict[int, dict]) -> None:
    rows = order_effects[2]
    expected = {"A": 12 / 19, "B": 18 / 19, "C": 27 / 19}
    for channel, conversions in expected.items():
        assert rows[channel]["conversions"] == 3 and rows[channel]["conversion_value"] == 60
        assert rows[channel]["removal_effect_share"] == pytest.approx(conversions / 3, abs=1e-12)
        assert rows[channel]["attributed_conversions"] == pytest.approx(conversions, abs=1e-12), channel
        assert rows[channel]["attributed_value"] == pytest.approx(conversions * 20, abs=1e-12), channel
    assert sum(r["attributed_conversions"] for r in rows.values()) == pytest.approx(3, abs=1e-12)
    # the per-journey split of the same chain gives other channel totals: j1 and j5 (A, B, C) split
    # 4/19, 6/19, 9/19 each and j4 (C) gives C 1, so C has 18/19 + 1 = 37/19, not 27/19
    per_journey: dict[str, float] = defaultdict(float)
    for row in order_effects[0]["credits"]:
        per_journey[row["channel"]] += row["credit"]
    assert per_journey == pytest.approx({"A": 8 / 19, "B": 12 / 19, "C": 37 / 19}, abs=1e-12)


# ---------------------------------------------------------------------------------------------
# The simulated warehouse
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def simulated_paths(sim_warehouse: duckdb.DuckDBPyConnection) -> dict[str, dict[str, JourneyPath]]:
    """Journeys of int_attribution_journeys_built by conversion type: journey_id -> path."""
    rows = sim_warehouse.sql(
        """
        select conversion_type, journey_id, is_converting, list(channel order by touch_number) as channels
        from intermediate.int_attribution_journeys_built
        group by conversion_type, journey_id, is_converting
        """
    ).fetchall()
    paths: dict[str, dict[str, JourneyPath]] = defaultdict(dict)
    for conversion_type, journey_id, converted, channels in rows:
        paths[conversion_type][journey_id] = (tuple(channels), converted)
    return paths


def test_credits_sum_to_conversions_and_value_for_every_model(sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    conversions = sim_warehouse.sql(
        "select count(*), sum(conversion_value)"
        " from intermediate.int_attribution_touchpoints_unioned where is_conversion"
    ).fetchone()
    per_conversion = sim_warehouse.sql(
        """
        select attribution_model, count(*) as conversions, max(abs(credit_sum - 1)) as credit_error,
            max(abs(value_sum - conversion_value)) as value_error, sum(value_sum) as value
        from (
            select attribution_model, conversion_id, any_value(conversion_value) as conversion_value,
                sum(credit) as credit_sum, sum(credited_value) as value_sum
            from marts.fct_attribution_credits
            group by attribution_model, conversion_id
        )
        group by attribution_model
        """
    ).fetchall()
    assert {row[0] for row in per_conversion} == MODELS
    for model, count, credit_error, value_error, value in per_conversion:
        assert count == conversions[0], model
        assert credit_error < TOLERANCE and value_error < 1e-6, model
        assert value == pytest.approx(float(conversions[1]), rel=1e-12), model


def test_models_agree_on_one_channel_journeys(sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    disagreements, journeys = sim_warehouse.sql(
        """
        with one_channel as (
            select conversion_id from marts.fct_attribution_credits
            group by conversion_id having count(distinct channel_group) = 1
        ),
        channel_credit as (
            select attribution_model, conversion_id, channel_group, sum(credit) as credit
            from marts.fct_attribution_credits
            where conversion_id in (select conversion_id from one_channel)
            group by attribution_model, conversion_id, channel_group
        )
        select count(*) filter (where abs(credit - 1) > 1e-9), count(distinct conversion_id) from channel_credit
        """
    ).fetchone()
    assert journeys > 500
    assert disagreements == 0


def test_markov_matches_fundamental_matrix(
    sim_warehouse: duckdb.DuckDBPyConnection, simulated_paths: dict[str, dict[str, JourneyPath]]
) -> None:
    computed = sim_warehouse.sql(
        "select conversion_type, channel, conversion_probability, removal_conversion_probability, removal_effect"
        " from intermediate.int_attribution_removal_effects_computed"
    ).fetchall()
    by_type: dict[str, dict[str, tuple[float, float, float]]] = defaultdict(dict)
    for conversion_type, channel, base, removed, effect in computed:
        by_type[conversion_type][channel] = (base, removed, effect)
    assert by_type.keys() == simulated_paths.keys()
    for conversion_type, paths in simulated_paths.items():
        base, removed = markov_conversion_probabilities(paths.values())
        assert by_type[conversion_type].keys() == removed.keys()
        for channel, probability in removed.items():
            sql_base, sql_removed, sql_effect = by_type[conversion_type][channel]
            assert sql_base == pytest.approx(base, abs=TOLERANCE)
            assert sql_removed == pytest.approx(probability, abs=TOLERANCE), (conversion_type, channel)
            assert sql_effect == pytest.approx(1 - probability / base, abs=TOLERANCE), (conversion_type, channel)


def test_markov_squaring_converged_below_the_tolerance(sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    """The iterative model's table is its converged pass: every row of every matrix has less than 1e-14 left
    in a transient state, every row comes from the same pass, and the removal effects carry that pass."""
    mass, passes, distinct_passes = sim_warehouse.sql(
        "select max(from_state_transient_mass), max(markov_passes), count(distinct markov_passes)"
        " from intermediate.int_attribution_transition_matrices_squared"
    ).fetchone()
    assert mass < 1e-14 and distinct_passes == 1
    assert passes >= 2, "the simulated chain needs more than one squaring for this test to mean anything"
    effects_passes, effects_mass = sim_warehouse.sql(
        "select list(distinct markov_passes), max(markov_transient_mass)"
        " from intermediate.int_attribution_removal_effects_computed"
    ).fetchone()
    assert effects_passes == [passes] and effects_mass < 1e-14


def test_analyst_macro_agrees_with_the_marts(sim_warehouse: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    """journey.attribution_credits over the marts' own input (compiled by dbt, run on the simulated
    warehouse) gives exactly the rows of fct_attribution_credits, credits to 1e-12: one definition of each
    rule. Its Markov chain, squared a fixed number of times, says it converged."""
    inline = (
        "{{ journey.attribution_credits('intermediate.int_attribution_touchpoints_unioned',"
        " channel_column='channel_group', conversion_type_column='conversion_type',"
        " dimension_columns=journey.attribution_touch_dimensions()) }}"
    )
    result = run_dbt(
        ["--quiet", "compile", "--inline", inline, "--output", "json"],
        raw_path=PROJECT_DIR / "tests" / "raw_data" / "minimal",
        duckdb_path=tmp_path / "compile.duckdb",
        target_path=tmp_path / "target",
    )
    adhoc_sql = json.loads(result.output[result.output.index("{"):result.output.rindex("}") + 1])["compiled"]
    rows, only_adhoc, only_marts, credit_error, other_columns_differ, converged = sim_warehouse.sql(
        f"""
        with adhoc as ({adhoc_sql}),
        compared as (
            select adhoc.*, marts.credit as mart_credit, marts.channel_group, marts.campaign as mart_campaign,
                marts.touchpoint_type as mart_touchpoint_type, marts.is_fallback_credit as mart_is_fallback_credit,
                marts.conversion_id as mart_conversion_id
            from adhoc
            full join marts.fct_attribution_credits as marts
                on adhoc.attribution_model = marts.attribution_model
                and adhoc.conversion_id = marts.conversion_id
                and adhoc.touchpoint_id = marts.touchpoint_id
        )
        select count(*), count(*) filter (where mart_conversion_id is null),
            count(*) filter (where conversion_id is null), max(abs(credit - mart_credit)),
            count(*) filter (where channel != channel_group or campaign != mart_campaign
                or touchpoint_type != mart_touchpoint_type or is_fallback_credit != mart_is_fallback_credit),
            bool_and(is_markov_converged) filter (where attribution_model = 'markov')
        from compared
        """
    ).fetchone()
    assert rows > 40_000
    assert only_adhoc == 0 and only_marts == 0
    assert credit_error < 1e-12
    assert other_columns_differ == 0
    assert converged


def test_standard_markov_allocation_matches_fundamental_matrix(
    sim_warehouse: duckdb.DuckDBPyConnection, simulated_paths: dict[str, dict[str, JourneyPath]]
) -> None:
    """markov_standard of the channel comparison = conversions (and value) x removal effect / sum of removal
    effects, with numpy's removal effects; it sums to the type's conversions and value, like every model."""
    rows = sim_warehouse.sql(
        "select conversion_type, channel_group, attributed_conversions, attributed_value"
        " from marts.fct_attribution_channel_comparison where attribution_model = 'markov_standard'"
    ).fetchall()
    values = dict(sim_warehouse.sql(
        "select conversion_type, sum(conversion_value) from intermediate.int_attribution_touchpoints_unioned"
        " where is_conversion group by conversion_type"
    ).fetchall())
    got: dict[str, dict[str, tuple[float, float]]] = defaultdict(dict)
    for conversion_type, channel, conversions, value in rows:
        got[conversion_type][channel] = (conversions, value)
    assert got.keys() == simulated_paths.keys()
    differs = 0
    for conversion_type, paths in simulated_paths.items():
        shares = standard_markov_shares(paths.values())
        conversions = sum(converted for _, converted in paths.values())
        value = float(values[conversion_type])
        for channel, (sql_conversions, sql_value) in got[conversion_type].items():
            share = shares.get(channel, 0.0)  # a channel of another type: a zero row
            assert sql_conversions == pytest.approx(conversions * share, abs=TOLERANCE), (conversion_type, channel)
            assert sql_value == pytest.approx(value * share, abs=1e-6), (conversion_type, channel)
        assert sum(c for c, _ in got[conversion_type].values()) == pytest.approx(conversions, abs=TOLERANCE)
        assert sum(v for _, v in got[conversion_type].values()) == pytest.approx(value, rel=1e-12)
        per_journey = dict(sim_warehouse.sql(
            "select channel_group, attributed_conversions from marts.fct_attribution_channel_comparison"
            f" where attribution_model = 'markov' and conversion_type = '{conversion_type}'"
        ).fetchall())
        differs += any(abs(per_journey[c] - got[conversion_type][c][0]) > 0.5 for c in per_journey)
    assert differs >= 3  # the two allocations disagree on the simulation: not the same model twice


def test_comparison_marts_have_a_row_for_every_model_and_channel(sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    """Zero rows: (conversion type x model x channel group) and (conversion type x model x campaign) are
    complete grids, with 0 (never null) where a model gives nothing, so a pivot shows 0, not a gap."""
    types, models, channels, rows, zero_rows, null_rows = sim_warehouse.sql(
        "select count(distinct conversion_type), count(distinct attribution_model), count(distinct channel_group),"
        " count(*), count(*) filter (where attributed_conversions = 0),"
        " count(*) filter (where attributed_conversions is null or attributed_value is null"
        " or conversion_share is null)"
        " from marts.fct_attribution_channel_comparison"
    ).fetchone()
    assert models == len(MODELS) + 1 and types == 5
    assert rows == types * models * channels and null_rows == 0
    assert zero_rows > 10  # the simulation has such gaps (e.g. channels of one conversion type only)
    credit_channels = sim_warehouse.sql(
        "select count(distinct channel_group) from marts.fct_attribution_credits"
    ).fetchone()[0]
    assert channels >= credit_channels
    types, models, campaigns, rows, null_rows = sim_warehouse.sql(
        "select count(distinct conversion_type), count(distinct attribution_model),"
        " count(distinct (channel_group, traffic_source, traffic_medium, campaign)), count(*),"
        " count(*) filter (where attributed_conversions is null or attributed_value is null)"
        " from marts.fct_attribution_campaign_comparison"
    ).fetchone()
    assert models == len(MODELS) and rows == types * models * campaigns and null_rows == 0
    # the zero rows change no total: every model still sums to the conversions of the type
    totals = sim_warehouse.sql(
        "select attribution_model, conversion_type, sum(attributed_conversions)"
        " from marts.fct_attribution_campaign_comparison group by all"
    ).fetchall()
    conversions = dict(sim_warehouse.sql(
        "select conversion_type, count(*) from intermediate.int_attribution_touchpoints_unioned"
        " where is_conversion group by conversion_type"
    ).fetchall())
    for model, conversion_type, total in totals:
        assert total == pytest.approx(conversions[conversion_type], abs=1e-6), (model, conversion_type)


def test_markov_order_2_matches_fundamental_matrix(
    sim_warehouse: duckdb.DuckDBPyConnection, simulated_paths: dict[str, dict[str, JourneyPath]], tmp_path: Path
) -> None:
    """The analyst macro with markov_order=2 over the marts' input, run on the simulated warehouse: removal
    effects and standard allocation equal numpy's on the chain of order 2 (states = last two channels), and
    they differ from order 1's, so the order is really applied. Order 1 through the macro equals the models."""
    base_call = (
        "journey.attribution_credits('intermediate.int_attribution_touchpoints_unioned',"
        " channel_column='channel_group', conversion_type_column='conversion_type', returns='removal_effects'"
    )
    inline = (
        "select 2 as markov_order, * from ({{ " + base_call + ", markov_order=2) }}) as order_2"
        " union all select 1, * from ({{ " + base_call + ", markov_order=1) }}) as order_1"
    )
    result = run_dbt(
        ["--quiet", "compile", "--inline", inline, "--output", "json"],
        raw_path=PROJECT_DIR / "tests" / "raw_data" / "minimal",
        duckdb_path=tmp_path / "compile.duckdb",
        target_path=tmp_path / "target",
    )
    sql = json.loads(result.output[result.output.index("{"):result.output.rindex("}") + 1])["compiled"]
    rows = sim_warehouse.sql(
        f"select markov_order, conversion_type, channel, conversion_probability, removal_conversion_probability,"
        f" removal_effect, attributed_conversions, is_markov_converged from ({sql})"
    ).fetchall()
    models = {
        (conversion_type, channel): (effect, conversions)
        for conversion_type, channel, effect, conversions in sim_warehouse.sql(
            "select conversion_type, channel, removal_effect, attributed_conversions"
            " from intermediate.int_attribution_standard_markov_allocations_computed"
        ).fetchall()
    }
    order_2: dict[tuple[str, str], float] = {}
    for order, conversion_type, channel, base, removed, effect, conversions, converged in rows:
        assert converged, (order, conversion_type)
        if order == 1:
            assert (effect, conversions) == pytest.approx(models[(conversion_type, channel)], abs=1e-12)
        else:
            order_2[(conversion_type, channel)] = effect
    assert len(order_2) == len(models)
    differs = 0
    for conversion_type, paths in simulated_paths.items():
        numpy_base, numpy_removed = markov_conversion_probabilities(paths.values(), order=2)
        shares = standard_markov_shares(paths.values(), order=2)
        conversions = sum(converted for _, converted in paths.values())
        for order, row_type, channel, base, removed, effect, attributed, _ in rows:
            if order != 2 or row_type != conversion_type:
                continue
            assert base == pytest.approx(numpy_base, abs=TOLERANCE)
            assert removed == pytest.approx(numpy_removed[channel], abs=TOLERANCE), (conversion_type, channel)
            assert effect == pytest.approx(1 - numpy_removed[channel] / numpy_base, abs=TOLERANCE)
            assert attributed == pytest.approx(conversions * shares[channel], abs=TOLERANCE)
            differs += abs(effect - models[(conversion_type, channel)][0]) > 1e-3
    assert differs > 5


def test_shapley_matches_subset_enumeration(
    sim_warehouse: duckdb.DuckDBPyConnection, simulated_paths: dict[str, dict[str, JourneyPath]]
) -> None:
    credits = sim_warehouse.sql(
        """
        select conversion_id, channel_group, sum(credit)
        from marts.fct_attribution_credits where attribution_model = 'shapley'
        group by conversion_id, channel_group
        """
    ).fetchall()
    by_conversion: dict[str, dict[str, float]] = defaultdict(dict)
    for conversion_id, channel, credit in credits:
        by_conversion[conversion_id][channel] = credit
    checked = 0
    for paths in simulated_paths.values():
        shares = shapley_shares(paths.values(), max_channels=10)
        for journey_id, (channels, converted) in paths.items():
            if not converted:
                continue
            expected = shares[frozenset(channels)]
            got = by_conversion[journey_id]
            assert got.keys() == {c for c, share in expected.items() if share > 0}, journey_id
            for channel, credit in got.items():
                assert credit == pytest.approx(expected[channel], abs=TOLERANCE), (journey_id, channel)
            checked += len(set(channels)) > 1
    assert checked > 300  # many multi-channel journeys, not only trivial ones


def test_touches_respect_lookback_and_never_follow_the_conversion(sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    too_old, after = sim_warehouse.sql(
        """
        select count(*) filter (where touchpoint_at < converted_at - interval 30 day),
            count(*) filter (where touchpoint_at > converted_at)
        from marts.fct_attribution_credits
        """
    ).fetchone()
    assert too_old == 0 and after == 0


def test_spend_is_counted_once_per_model(sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    total = sim_warehouse.sql("select sum(spend_reporting) from staging.stg_ads__daily_spends").fetchone()[0]
    totals = sim_warehouse.sql(
        """
        select period_grain, conversion_type, attribution_model, sum(spend)
        from marts.fct_attribution_campaign_performance
        group by all
        """
    ).fetchall()
    channel_totals = sim_warehouse.sql(
        "select period_grain, conversion_type, attribution_model, sum(spend)"
        " from marts.fct_attribution_channel_performance group by all"
    ).fetchall()
    assert len(totals) == 2 * 5 * len(MODELS)
    for *_, spend in totals + channel_totals:
        assert spend == pytest.approx(float(total), rel=1e-9)


def _campaign_cpa(sim_warehouse: duckdb.DuckDBPyConnection, conversion_type: str) -> dict[str, dict[str, float]]:
    rows = sim_warehouse.sql(
        f"""
        select attribution_model, campaign, sum(spend) / nullif(sum(attributed_conversions), 0)
        from marts.fct_attribution_campaign_performance
        where period_grain = 'month' and conversion_type = '{conversion_type}'
            and campaign in (select campaign from intermediate.int_attribution_spends_aggregated)
        group by attribution_model, campaign
        """
    ).fetchall()
    cpa: dict[str, dict[str, float]] = defaultdict(dict)
    for model, campaign, value in rows:
        cpa[model][campaign] = math.inf if value is None else value
    return cpa


def test_spring_promo_social_has_a_high_cpa_under_every_model(
    sim_warehouse: duckdb.DuckDBPyConnection, simulated: SimulatedWarehouse
) -> None:
    """Planted effect: spring_promo_social brings low-intent people (5% trialists instead of 23%)."""
    effect = json.loads((simulated.truth_dir / "effects.json").read_text())["planted_effects"]["spring_promo_social"]
    assert effect["intent_mix"]["trialist"] < 0.1
    campaign = effect["utm_campaign"]
    cpa = _campaign_cpa(sim_warehouse, "trial_start")
    assert cpa.keys() == MODELS
    for model, by_campaign in cpa.items():
        # above the median paid campaign, and at least 1.5 times the other paid-social campaign
        assert by_campaign[campaign] > float(np.median(list(by_campaign.values()))), model
        assert by_campaign[campaign] > 1.5 * by_campaign["retargeting_q1"], model
    purchase = _campaign_cpa(sim_warehouse, "purchase")
    for model, by_campaign in purchase.items():
        if model == "last_touch":
            continue  # every first purchase's last touch is a Direct session: no paid campaign gets any
        assert by_campaign[campaign] > float(np.median(list(by_campaign.values()))), model
