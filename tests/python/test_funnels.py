"""Funnel marts on the simulated population: an independent plain-Python funnel engine over the
same timeline rows must give the same counts, the marts must add up, and the planted low-quality
paid-social campaign must show many entries and a poor checkout conversion.

The Python engine below is written from the funnel definitions in docs/funnels.md, not from the SQL:
it walks each actor's events in timeline order."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb
import pytest

from conftest import SimulatedWarehouse

# Seed funnels re-computed in Python: one per order mode, exclusions, one per scope, windows in hours and
# minutes with per-step windows.
CROSS_CHECKED_FUNNELS = [
    "visit_to_purchase", "checkout_without_failure", "checkout_strict", "onboarding_any_order", "trial_onboarding",
    "checkout_quick", "checkout_strict_no_failure", "onboarding_without_errors", "content_to_demo",
]
UNIT = {"minute": timedelta(minutes=1), "hour": timedelta(hours=1), "day": timedelta(days=1)}


@dataclass(frozen=True)
class Event:
    activity_id: str
    event: str
    at: datetime
    properties: dict[str, str | None]


def passes(value: str | None, operator: str, wanted: str | None) -> bool:
    """One property filter (docs/funnels.md): text comparison, a missing value is not equal."""
    if operator == "is_set":
        return value is not None
    if operator == "is_not_set":
        return value is None
    if operator == "not_equals":
        return value != wanted
    if value is None or wanted is None:
        return False
    if operator == "contains":
        return wanted in value
    if operator == "starts_with":
        return value.startswith(wanted)
    return value == wanted


@dataclass(frozen=True)
class Step:
    number: int
    event: str
    filters: tuple[tuple[str, str, str | None], ...]  # (property, operator, value): all must pass, or any
    match: str = "all"
    window: timedelta | None = None  # step k within this of step k-1

    def matches(self, event: Event) -> bool:
        if event.event != self.event:
            return False
        results = [passes(event.properties.get(name), operator, value) for name, operator, value in self.filters]
        return not results or (any(results) if self.match == "any" else all(results))


@dataclass(frozen=True)
class Funnel:
    name: str
    window: timedelta
    order_mode: str
    scope: str
    steps: list[Step]
    exclusions: list[Step]  # number = the step the exclusion guards


def load_funnels(connection: duckdb.DuckDBPyConnection) -> dict[str, Funnel]:
    steps: dict[str, list[Step]] = defaultdict(list)
    exclusions: dict[str, list[Step]] = defaultdict(list)
    extra_filters: dict[tuple[str, str], list[tuple[str, str, str | None]]] = defaultdict(list)
    for name, step_name, prop, operator, value in connection.execute(
        "select funnel_name, step_name, property_name, filter_operator, property_value from config.funnel_step_filters"
    ).fetchall():
        extra_filters[(name, step_name)].append((prop, operator.lower(), value))
    for name, number, step_name, event, prop, value, is_exclusion, size, unit, match in connection.execute(
        "select funnel_name, step_number, step_name, canonical_event, property_name, property_value, is_exclusion,"
        " step_window_size, step_window_unit, filter_match from config.funnel_steps order by funnel_name, step_number"
    ).fetchall():
        window = None if size is None else size * UNIT[unit.lower()]
        filters = ([(prop, "equals", value)] if prop is not None else []) + extra_filters[(name, step_name)]
        step = Step(number, event, tuple(filters), (match or "all").lower(), window)
        (exclusions if is_exclusion else steps)[name].append(step)
    return {
        name: Funnel(name, size * UNIT[unit.lower()], mode, scope, steps[name], exclusions[name])
        for name, size, unit, mode, scope in connection.execute(
            "select funnel_name, window_size, window_unit, order_mode, scope from config.funnel_definitions"
        ).fetchall()
    }


def load_timelines(connection: duckdb.DuckDBPyConnection) -> dict[str, dict[str, list[Event]]]:
    """Events per scope ('person' / 'session') and actor, in timeline order (time, then activity_number)."""
    timelines: dict[str, dict[str, list[Event]]] = {"person": defaultdict(list), "session": defaultdict(list)}
    rows = connection.execute(
        "select person_id, session_id, activity_id, activity, activity_at, page_path, onboarding_step, campaign,"
        " device_type, channel_group from intermediate.int_activities_enriched where person_id is not null"
        " order by person_id, activity_at, activity_number"
    ).fetchall()
    for person_id, session_id, activity_id, activity, at, page_path, onboarding_step, campaign, device, channel in rows:
        event = Event(activity_id, activity, at, {"page_path": page_path, "onboarding_step": onboarding_step,
                                                  "campaign": campaign, "device_type": device,
                                                  "channel_group": channel})
        timelines["person"][person_id].append(event)
        if session_id is not None:
            timelines["session"][session_id].append(event)
    return timelines


Reached = tuple[Event, list[datetime | None], list[int | None]]


def reached_steps(funnel: Funnel, events: list[Event]) -> Reached | None:
    """The entry event, the time each step was reached and the index in events of each step's own event
    (None: not reached), or None without an entry."""
    k = len(funnel.steps)
    if funnel.order_mode == "unordered":
        entry_index = next((i for i, e in enumerate(events) if any(s.matches(e) for s in funnel.steps)), None)
        if entry_index is None:
            return None
        entry = events[entry_index]
        window_end = entry.at + funnel.window
        in_window = [j for j in range(entry_index, len(events)) if events[j].at <= window_end]
        firsts = [next((j for j in in_window if step.matches(events[j])), None) for step in funnel.steps]
        reached: list[datetime | None] = [None] * k
        indices: list[int | None] = [None] * k
        for i in range(k):
            done = firsts[: i + 1]
            if any(j is None for j in done):
                break
            last = max(j for j in done if j is not None)
            # an exclusion of step i+1 after the entry and before steps 1..i+1 are all done drops the entry
            guards = [x for x in funnel.exclusions if x.number == i + 1]
            if any(x.matches(e) for x in guards for e in events[entry_index + 1: last]):
                break
            reached[i] = events[last].at
            indices[i] = firsts[i]
        return entry, reached, indices

    entry_index = next((i for i, e in enumerate(events) if funnel.steps[0].matches(e)), None)
    if entry_index is None:
        return None
    entry = events[entry_index]
    window_end = entry.at + funnel.window
    reached = [entry.at] + [None] * (k - 1)
    step_indices: list[int | None] = [entry_index] + [None] * (k - 1)
    previous_index = entry_index
    used = {entry_index}  # an event serves one step only
    for i in range(1, k):
        step, previous_step = funnel.steps[i], funnel.steps[i - 1]
        guards = [x for x in funnel.exclusions if x.number == i + 1]
        previous_at = events[previous_index].at
        # inside the funnel's window and the step's own window from the previous step (both ends count)
        step_end = window_end if step.window is None else min(window_end, previous_at + step.window)
        if funnel.order_mode == "strict":
            nxt = previous_index + 1
            if nxt < len(events) and events[nxt].at <= step_end and any(x.matches(events[nxt]) for x in guards):
                break  # the very next event is an exclusion: excluded at this step
            found = nxt if nxt < len(events) and step.matches(events[nxt]) and events[nxt].at <= step_end else None
        else:
            found = None
            # "at or after" the previous step (strictly after for the same event): a candidate may sit
            # earlier on the timeline than the previous step when both share a timestamp
            for j, e in enumerate(events):
                late_enough = e.at > previous_at or (e.at == previous_at and step.event != previous_step.event)
                if j not in used and late_enough and e.at <= step_end and step.matches(e):
                    found = j
                    break
        if found is None:
            break
        if any(x.matches(e) for x in guards for e in events[previous_index + 1: found]):
            break
        used.add(found)
        reached[i] = events[found].at
        step_indices[i] = found
        previous_index = found
    return entry, reached, step_indices


def python_funnel_counts(funnel: Funnel, timelines: dict[str, dict[str, list[Event]]]) -> dict[tuple[str, int], int]:
    """Entries reaching each step, by entry campaign ('all' for every entry)."""
    counts: dict[tuple[str, int], int] = defaultdict(int)
    for events in timelines[funnel.scope].values():
        result = reached_steps(funnel, events)
        if result is None:
            continue
        entry, reached, _ = result
        campaign = entry.properties["campaign"] or "(none)"
        counts[("all", 0)] += 1
        for number, at in enumerate(reached, start=1):
            if at is not None:
                counts[("all", number)] += 1
                counts[(campaign, number)] += 1
    return counts


@pytest.fixture(scope="module")
def python_counts(sim_warehouse: duckdb.DuckDBPyConnection) -> dict[str, dict[tuple[str, int], int]]:
    funnels = load_funnels(sim_warehouse)
    timelines = load_timelines(sim_warehouse)
    return {name: python_funnel_counts(funnels[name], timelines) for name in CROSS_CHECKED_FUNNELS}


@pytest.mark.parametrize("funnel_name", CROSS_CHECKED_FUNNELS)
def test_funnel_counts_match_a_plain_python_computation(
    funnel_name: str, python_counts: dict[str, dict[tuple[str, int], int]], sim_warehouse: duckdb.DuckDBPyConnection
) -> None:
    expected = python_counts[funnel_name]
    mart = sim_warehouse.execute(
        "select breakdown_dimension, breakdown_value, step_number, entered_count, converted_count"
        " from marts.fct_funnel_steps where funnel_name = ? and breakdown_dimension in ('all', 'campaign')",
        [funnel_name],
    ).fetchall()
    converted = {
        ("all" if dimension == "all" else value, step): count for dimension, value, step, _, count in mart
    }
    entries = {entered for dimension, _, step, entered, _ in mart if dimension == "all" and step == 1}
    assert entries == {expected[("all", 0)]}
    assert expected[("all", 1)] > 0
    assert {key: count for key, count in converted.items() if count} == {
        key: count for key, count in expected.items() if key[1] > 0
    }


def test_funnel_steps_add_up(sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    # every breakdown dimension partitions the entries: its values sum to the 'all' row
    mismatches = sim_warehouse.execute(
        """
        with by_dimension as (
            select funnel_name, breakdown_dimension, step_number,
                sum(entered_count) as entered, sum(converted_count) as converted
            from marts.fct_funnel_steps group by 1, 2, 3
        )
        select by_dimension.*
        from by_dimension
        join by_dimension as total
            on total.funnel_name = by_dimension.funnel_name and total.step_number = by_dimension.step_number
            and total.breakdown_dimension = 'all'
        where by_dimension.entered != total.entered or by_dimension.converted != total.converted
        """
    ).fetchall()
    assert mismatches == []
    # the 'all' rows are sums over the entry-step rows, and the trends sum to them too
    detail = sim_warehouse.execute(
        """
        select funnel_name, step_number, count_if(is_previous_step_reached), count_if(is_reached)
        from marts.fct_funnel_entry_steps group by 1, 2
        except
        select funnel_name, step_number, entered_count, converted_count
        from marts.fct_funnel_steps where breakdown_dimension = 'all'
        """
    ).fetchall()
    assert detail == []
    trends = sim_warehouse.execute(
        """
        select funnel_name, step_number, sum(entered_count), sum(converted_count)
        from marts.fct_funnel_trends group by 1, 2
        except
        select funnel_name, step_number, entered_count, converted_count
        from marts.fct_funnel_steps where breakdown_dimension = 'all'
        """
    ).fetchall()
    assert trends == []
    # each entry's furthest step agrees with its step rows, and steps are reached in sequence
    assert sim_warehouse.execute(
        "select count(*) from marts.fct_funnel_entry_steps where is_reached and not is_previous_step_reached"
    ).fetchone() == (0,)


def test_spring_promo_social_enters_a_lot_but_rarely_reaches_checkout(
    simulated: SimulatedWarehouse, sim_warehouse: duckdb.DuckDBPyConnection
) -> None:
    effect = json.loads((simulated.truth_dir / "effects.json").read_text())["planted_effects"]["spring_promo_social"]
    campaign = effect["utm_campaign"]
    rows = sim_warehouse.execute(
        "select breakdown_value, step_name, converted_count from marts.fct_funnel_steps"
        " where funnel_name = 'visit_to_purchase' and breakdown_dimension = 'campaign'"
    ).fetchall()
    by_campaign: dict[str, dict[str, int]] = defaultdict(dict)
    for value, step, count in rows:
        by_campaign[value][step] = count
    entries = {value: steps["visit"] for value, steps in by_campaign.items()}
    # high entries: the most entries of any tagged campaign (only untagged '(not set)' visits are more)
    tagged = {value: count for value, count in entries.items() if value not in ("(not set)", "(none)")}
    assert max(tagged, key=tagged.__getitem__) == campaign
    assert entries[campaign] >= 0.08 * sum(entries.values())
    # low checkout conversion: visit -> checkout well under a third of every other entry's rate
    promo_rate = by_campaign[campaign].get("checkout", 0) / entries[campaign]
    others_checkout = sum(steps.get("checkout", 0) for value, steps in by_campaign.items() if value != campaign)
    others_rate = others_checkout / (sum(entries.values()) - entries[campaign])
    assert promo_rate < others_rate / 3, (promo_rate, others_rate)


TIME_BUCKETS = [0, 60, 300, 1800, 3600, 21600, 86400, 259200, 604800, 1209600]  # seeds/funnels/funnel_time_buckets


def python_drop_offs_and_times(
    funnel: Funnel, timelines: dict[str, dict[str, list[Event]]]
) -> tuple[dict[tuple[int, str], int], dict[tuple[int, int], int]]:
    """Per step (2..K): drop-offs by the very next event after the last step reached ('(end)': none), and
    conversions by time bucket (index into TIME_BUCKETS) of the seconds from the previous step."""
    next_events: dict[tuple[int, str], int] = defaultdict(int)
    times: dict[tuple[int, int], int] = defaultdict(int)
    for events in timelines[funnel.scope].values():
        result = reached_steps(funnel, events)
        if result is None:
            continue
        _, reached, indices = result
        for i in range(1, len(reached)):
            at, previous_at = reached[i], reached[i - 1]
            if at is not None and previous_at is not None:
                # the marts' seconds are whole seconds between the two timestamps truncated to the second
                seconds = (at.replace(microsecond=0) - previous_at.replace(microsecond=0)).total_seconds()
                times[(i + 1, max(b for b, start in enumerate(TIME_BUCKETS) if start <= seconds))] += 1
            elif at is None and previous_at is not None:
                last = max(j for j in indices[:i] if j is not None)
                nxt = events[last + 1].event if last + 1 < len(events) else "(end)"
                next_events[(i + 1, nxt)] += 1
    return dict(next_events), dict(times)


@pytest.mark.parametrize("funnel_name", ["visit_to_purchase", "checkout_strict_no_failure", "onboarding_without_errors"])
def test_drop_off_next_activities_and_conversion_times_match_a_plain_python_computation(
    funnel_name: str, sim_warehouse: duckdb.DuckDBPyConnection
) -> None:
    funnel = load_funnels(sim_warehouse)[funnel_name]
    expected_next, expected_times = python_drop_offs_and_times(funnel, load_timelines(sim_warehouse))
    assert expected_next and expected_times
    next_rows = sim_warehouse.execute(
        "select step_number, next_activity, dropped_off_count, activity_rank"
        " from marts.fct_funnel_drop_off_next_activities where funnel_name = ?",
        [funnel_name],
    ).fetchall()
    assert {(step, activity): count for step, activity, count, _ in next_rows} == expected_next
    # rank 1 is the most common next activity of its step
    for step, _, count, rank in next_rows:
        if rank == 1:
            assert count == max(c for (s, _), c in expected_next.items() if s == step)
    time_rows = sim_warehouse.execute(
        "select step_number, min_seconds, converted_count from marts.fct_funnel_conversion_times"
        " where funnel_name = ? and measured_from = 'previous_step' and converted_count > 0",
        [funnel_name],
    ).fetchall()
    assert {(step, TIME_BUCKETS.index(start)): count for step, start, count in time_rows} == expected_times


def test_drop_off_and_conversion_time_marts_add_up_to_the_step_counts(sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    mismatches = sim_warehouse.execute(
        """
        with drop_offs as (
            select funnel_name, step_number, sum(dropped_off_count) as dropped, max(step_dropped_off_count) as total,
                sum(share_of_drop_offs) as shares
            from marts.fct_funnel_drop_off_next_activities group by 1, 2
        ),
        times as (
            select funnel_name, step_number, measured_from, sum(converted_count) as converted,
                max(step_converted_count) as total, max(cumulative_share_of_converted) as cumulative
            from marts.fct_funnel_conversion_times group by 1, 2, 3
        )
        select steps.funnel_name, steps.step_number, steps.dropped_off_count, drop_offs.dropped, times.converted
        from marts.fct_funnel_steps as steps
        left join drop_offs using (funnel_name, step_number)
        left join times using (funnel_name, step_number)
        where steps.breakdown_dimension = 'all' and steps.step_number > 1
            and (
                (steps.dropped_off_count > 0 and (
                    drop_offs.dropped != steps.dropped_off_count or drop_offs.total != steps.dropped_off_count
                    or abs(drop_offs.shares - 1) > 1e-9
                ))
                or times.converted != steps.converted_count or times.total != steps.converted_count
                or (steps.converted_count > 0 and abs(times.cumulative - 1) > 1e-9)
            )
        """
    ).fetchall()
    assert mismatches == []
