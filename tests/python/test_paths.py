"""Paths on the simulated population, recomputed in plain Python from the person timeline and the
path seeds: sequences around an anchor, Sankey edges that conserve people, missing links."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path

import duckdb

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "paths"


def _seed(name: str) -> list[dict[str, str]]:
    with (SEEDS / f"{name}.csv").open(newline="") as handle:
        return list(csv.DictReader(handle))


def _excluded() -> set[str]:
    return {row["activity"] for row in _seed("path_excluded_activities")}


def _timelines(con: duckdb.DuckDBPyConnection, people_with: str) -> dict[str, list[tuple[int, str, str | None]]]:
    """(activity_number, activity, onboarding_step) per person, in timeline order, for people with an activity."""
    rows = con.execute(
        """
        select person_id, activity_number, activity, onboarding_step from intermediate.int_activities_enriched
        where person_id in (select person_id from intermediate.int_activities_enriched where activity = ?)
        order by person_id, activity_number
        """,
        [people_with],
    ).fetchall()
    timelines: dict[str, list[tuple[int, str, str | None]]] = defaultdict(list)
    for person, number, activity, step in rows:
        timelines[person].append((number, activity, step))
    return timelines


def _after_sign_up_paths_by_hand(con: duckdb.DuckDBPyConnection) -> Counter[str]:
    anchor = next(row for row in _seed("path_anchors") if row["anchor_name"] == "after_sign_up")
    configured = (anchor["direction"], anchor["step_detail"], anchor["collapse_repeats"])
    assert configured == ("after", "onboarding_step", "true")
    steps, excluded = int(anchor["steps"]), _excluded()
    paths: Counter[str] = Counter()
    for timeline in _timelines(con, "sign_up").values():
        anchor_at = next(i for i, (_, activity, _) in enumerate(timeline) if activity == "sign_up")
        labels: list[str] = []
        for _, activity, step in timeline[anchor_at + 1:]:
            if activity in excluded:
                continue
            label = f"{activity}:{step}" if step is not None else activity
            previous = labels[-1] if labels else "sign_up"
            if label != previous:
                labels.append(label)
        path = ["sign_up", *labels[:steps]]
        if len(labels) < steps:
            path.append("(end)")
        paths[" > ".join(path)] += 1
    return paths


def test_after_sign_up_sequences_match_plain_python(sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    by_hand = _after_sign_up_paths_by_hand(sim_warehouse)
    assembled = Counter(
        dict(
            sim_warehouse.execute(
                "select path_sequence, count(*) from intermediate.int_anchor_paths_assembled"
                " where anchor_name = 'after_sign_up' group by 1"
            ).fetchall()
        )
    )
    assert sum(by_hand.values()) > 1000
    assert assembled == by_hand
    top_n = int(next(row for row in _seed("path_anchors") if row["anchor_name"] == "after_sign_up")["top_n"])
    top = sim_warehouse.execute(
        "select sequence_rank, path_sequence, people from marts.fct_path_sequences"
        " where anchor_name = 'after_sign_up' order by sequence_rank"
    ).fetchall()
    ranked = sorted(by_hand.items(), key=lambda item: (-item[1], item[0]))[:top_n]
    assert [(sequence, people) for _, sequence, people in top] == ranked
    assert [rank for rank, _, _ in top] == list(range(1, len(ranked) + 1))


def test_transitions_conserve_people_at_every_node(sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    edges = sim_warehouse.execute(
        "select anchor_name, direction, from_position, from_step, to_step, people from marts.fct_path_transitions"
    ).fetchall()
    anchor_people = dict(
        sim_warehouse.execute(
            "select anchor_name, max(anchor_people) from marts.fct_path_sequences group by 1"
        ).fetchall()
    )
    into: Counter[tuple[str, int, str]] = Counter()
    out_of: Counter[tuple[str, int, str]] = Counter()
    for anchor, _, position, from_step, to_step, people in edges:
        out_of[(anchor, position, from_step)] += people
        into[(anchor, position + 1, to_step)] += people
    for anchor, direction in {(row[0], row[1]) for row in edges}:
        # the last position has no outgoing edges: the farthest step after the anchor, or the anchor itself
        last = max(row[2] for row in edges if row[0] == anchor) + 1 if direction == "after" else 0
        for (name, position, step), people in into.items():
            if name == anchor and step != "(end)" and position != last:
                assert out_of[(name, position, step)] == people, (anchor, position, step)
        # everyone who reached the anchor passes through it exactly once
        at_anchor = out_of if direction == "after" else into
        through_anchor = sum(p for (name, position, _), p in at_anchor.items() if name == anchor and position == 0)
        assert through_anchor == anchor_people[anchor]


def test_missing_links_match_plain_python(sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    link = next(row for row in _seed("path_missing_links") if row["link_name"] == "trial_to_purchase")
    excluded = _excluded()
    reached_to, instead = 0, Counter()
    timelines = _timelines(sim_warehouse, link["from_activity"])
    for timeline in timelines.values():
        first = next(i for i, (_, activity, _) in enumerate(timeline) if activity == link["from_activity"])
        later = [activity for _, activity, _ in timeline[first + 1:]]
        if link["to_activity"] in later:
            reached_to += 1
            continue
        nexts = [a for a in later if a not in excluded and a != link["from_activity"]]
        instead[nexts[0] if nexts else "(end)"] += 1
    rows = sim_warehouse.execute(
        """
        select people_reaching_from, people_reaching_to, instead_rank, instead_activity, instead_people
        from marts.fct_path_missing_links where link_name = 'trial_to_purchase' order by instead_rank
        """
    ).fetchall()
    assert rows[0][:2] == (len(timelines), reached_to)
    expected = sorted(instead.items(), key=lambda item: (-item[1], item[0]))[: int(link["top_n"])]
    assert [(activity, people) for _, _, _, activity, people in rows] == expected
    assert len(timelines) > 1000 and reached_to > 200
