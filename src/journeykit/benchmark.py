"""The benchmark: simulate N events, build the project the ways a team runs it, compare with a floor query.

The floor is the least any journey pipeline must do: one DuckDB pass that reads every raw
event and sorts them by person and time, timed before and after the builds. Each figure is
reported in seconds and as a ratio to the floor. One warehouse goes through a team's life:

1. first load: `dbt build` of the history but its newest loads, which hold an average day's events
   (raw rows loaded before the loaded_at quantile 1 - 1 / days of history), into a new warehouse;
2. +1 day: the daily run, `dbt build --selector daily` (every node but the unit tests), once those
   newest loads have arrived (the incremental models read the new loads and their lookback);
3. no-op: the daily run again with nothing new;
4. full build: `dbt build --full-refresh` of the whole history;
5. `dbt run --full-refresh` alone (the models without seeds and tests).

Figures are printed and returned, never asserted: they belong in the README, not in tests.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

from journeykit.incremental_check import raw_cut
from journeykit.progress import Progress
from journeykit.project import PROJECT_DIR, dbt_executable


@dataclass(frozen=True)
class BuildFigures:
    """One dbt invocation: wall seconds, ratio to the floor, peak RSS and where the node time went."""

    seconds: float
    ratio_to_floor: float
    peak_rss_mib: float
    nodes: int
    test_share_of_node_time: float


@dataclass(frozen=True)
class BenchmarkResult:
    """Measured figures of one benchmark run."""

    events_requested: int
    raw_event_rows: int
    first_load_event_rows: int
    simulate_seconds: float
    simulate_peak_rss_mib: float
    floor_before_seconds: float
    floor_after_seconds: float
    first_load_build: BuildFigures
    plus_one_day_build: BuildFigures
    no_op_build: BuildFigures
    full_build: BuildFigures
    full_run: BuildFigures
    events_per_second_full_build: float
    plus_one_day_share_of_full_build: float
    warehouse_mib: float
    cores: int


ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
DBT_NODE_DONE = re.compile(r"\b(\d+) of (\d+) (OK|PASS|WARN|ERROR|FAIL|SKIP|NO-OP)\b(.*?)\s*\[")


def dbt_progress(progress: Progress) -> Callable[[str], None]:
    """A line handler that advances ``progress`` on each node dbt reports done ("12 of 580 OK created ...")."""

    def on_line(line: str) -> None:
        match = DBT_NODE_DONE.search(ANSI_ESCAPE.sub("", line))
        if match:
            total = int(match.group(2))
            if total != progress.total:  # dbt counts the hooks apart from the nodes: start over
                progress.restart(total)
            progress.advance(f"{match.group(3)} {match.group(4).strip().rstrip('. ')[:90]}")

    return on_line


def _run_measured(args: list[str], env: dict[str, str],
                  on_line: Callable[[str], None] | None = None) -> tuple[float, float, str]:
    """Run a command; return its wall seconds, its own peak RSS in MiB and its output (each line is also
    passed to ``on_line`` as it comes)."""
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=PROJECT_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, bufsize=1)
    lines = []
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line)
        if on_line is not None:
            on_line(line)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    output = "".join(lines)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({process.returncode}):\n{output[-6000:]}")
    return seconds, usage.ru_maxrss / 1024.0, output


def floor_query_seconds(raw_dir: Path) -> tuple[float, int]:
    """Time one pass that reads all raw events and sorts them by person and time."""
    connection = duckdb.connect()
    started = time.perf_counter()
    connection.execute(
        f"""
        create table sorted_events as
        select *
        from read_parquet('{raw_dir / "events.parquet"}')
        order by coalesce(nullif(user_id, ''), anonymous_id), event_at
        """
    )
    seconds = time.perf_counter() - started
    count = connection.execute("select count(*) from sorted_events").fetchone()[0]
    connection.close()
    return seconds, int(count)


def last_day_starts_at(raw_dir: Path) -> tuple[str, float]:
    """The cut between the first load and +1 day: the load time after which an average day's events
    arrive (the loaded_at quantile 1 - 1 / days of history), and the days of history. The simulated
    traffic thins out at the end of its history, so the last calendar day would be far below average."""
    connection = duckdb.connect()
    connection.execute("set TimeZone = 'UTC'")
    loads = f"select try_cast(loaded_at as timestamp) as loaded_at from read_parquet('{raw_dir / 'events.parquet'}')"
    span = connection.execute(
        f"select date_diff('second', min(loaded_at), max(loaded_at)) / 86400.0 from ({loads})").fetchone()
    days = max(1.0, float(span[0])) if span and span[0] is not None else 1.0
    row = connection.execute(
        f"select cast(quantile_disc(loaded_at, {1 - 1 / days}) as varchar), {days} from ({loads})").fetchone()
    connection.close()
    if row is None or row[0] is None:
        raise RuntimeError(f"no parseable loaded_at in {raw_dir / 'events.parquet'}")
    return str(row[0]), float(row[1])


def node_time_in_tests(target_dir: Path) -> tuple[int, float]:
    """From dbt's run_results.json: the nodes run and the share of their summed execution time spent
    in data and unit tests (threads overlap, so a share of node time, not of wall time)."""
    results = json.loads((target_dir / "run_results.json").read_text())["results"]
    total = sum(result.get("execution_time") or 0.0 for result in results)
    tests = sum(result.get("execution_time") or 0.0 for result in results
                if result["unique_id"].split(".")[0] in ("test", "unit_test"))
    return len(results), (tests / total if total else 0.0)


def run_benchmark(events: int, work_dir: Path | None = None, seed: int = 42, quiet: bool = False,
                  reuse_simulation: bool = False) -> BenchmarkResult:
    """Simulate about `events` events, time the five builds and the floor query (progress on stderr)."""
    work = Path(work_dir) if work_dir else Path(tempfile.mkdtemp(prefix="journey-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    phases = Progress("benchmark", quiet=quiet)
    phases.log(f"simulating about {events:,} events into {work / 'sim'}")

    raw_dir = (work / "sim" / "raw").resolve()
    if reuse_simulation and (raw_dir / "events.parquet").exists():
        simulate_seconds, simulate_rss = 0.0, 0.0
        phases.log(f"reusing the simulation in {raw_dir} (simulate figures are 0)")
    else:
        simulate_seconds, simulate_rss, _ = _run_measured(
            [sys.executable, "-m", "journeykit.cli", "simulate", "--events", str(events), "--seed", str(seed),
             "--out", str(work / "sim"), "--quiet"],
            env,
        )
    floor_before, raw_rows = floor_query_seconds(raw_dir)
    cut_at, history_days = last_day_starts_at(raw_dir)
    first_load_dir = (work / "sim" / "first_load").resolve()
    first_load_rows = raw_cut(raw_dir, first_load_dir, cut_at)["events"]
    phases.log(f"simulated in {simulate_seconds:.1f}s; floor {floor_before:.2f}s over {raw_rows:,} events; "
               f"first load: {first_load_rows:,} events loaded before {cut_at} ({history_days:.0f} days of loads)")

    warehouse = work / "bench.duckdb"
    for stale in (warehouse, warehouse.with_name(warehouse.name + ".wal")):  # an earlier run's warehouse
        if stale.exists():
            stale.unlink()
    target_dir = (work / "target").resolve()
    env["JOURNEY_DUCKDB_PATH"] = str(warehouse.resolve())

    results_dir = work / "run_results"
    results_dir.mkdir(exist_ok=True)

    def measured_dbt(label: str, raw: Path, args: list[str]) -> BuildFigures:
        env["JOURNEY_RAW_PATH"] = str(raw)
        progress = Progress(f"benchmark: {label}", quiet=quiet)
        seconds, rss, _ = _run_measured(
            [dbt_executable(), *args, "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR),
             "--target-path", str(target_dir)],
            env, on_line=dbt_progress(progress),
        )
        nodes, test_share = node_time_in_tests(target_dir)
        slug = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")
        shutil.copyfile(target_dir / "run_results.json", results_dir / f"{slug}.json")
        progress.finish(f"{nodes} nodes in {seconds:.1f}s")
        return BuildFigures(seconds=round(seconds, 1), ratio_to_floor=0.0, peak_rss_mib=round(rss, 0),
                            nodes=nodes, test_share_of_node_time=round(test_share, 3))

    first_load = measured_dbt("first load (dbt build)", first_load_dir, ["build"])
    plus_one_day = measured_dbt("+1 day (dbt build --selector daily)", raw_dir, ["build", "--selector", "daily"])
    no_op = measured_dbt("no-op (dbt build --selector daily)", raw_dir, ["build", "--selector", "daily"])
    full_build = measured_dbt("full build (dbt build --full-refresh)", raw_dir, ["build", "--full-refresh"])
    full_run = measured_dbt("dbt run --full-refresh", raw_dir, ["run", "--full-refresh"])
    floor_after, _ = floor_query_seconds(raw_dir)
    phases.finish(f"floor query {floor_before:.2f}s before, {floor_after:.2f}s after")
    floor = min(floor_before, floor_after)

    def with_ratio(figures: BuildFigures) -> BuildFigures:
        return BuildFigures(**{**asdict(figures), "ratio_to_floor": round(figures.seconds / floor, 1)})

    return BenchmarkResult(
        events_requested=events,
        raw_event_rows=raw_rows,
        first_load_event_rows=first_load_rows,
        simulate_seconds=round(simulate_seconds, 1),
        simulate_peak_rss_mib=round(simulate_rss, 0),
        floor_before_seconds=round(floor_before, 2),
        floor_after_seconds=round(floor_after, 2),
        first_load_build=with_ratio(first_load),
        plus_one_day_build=with_ratio(plus_one_day),
        no_op_build=with_ratio(no_op),
        full_build=with_ratio(full_build),
        full_run=with_ratio(full_run),
        events_per_second_full_build=round(raw_rows / full_build.seconds, 0),
        plus_one_day_share_of_full_build=round(plus_one_day.seconds / full_build.seconds, 3),
        warehouse_mib=round(warehouse.stat().st_size / 2**20, 0),
        cores=os.cpu_count() or 1,
    )


def print_result(result: BenchmarkResult) -> None:
    """Print the figures as a table and as JSON (for the README and for scripts)."""
    figures = asdict(result)
    width = max(len(name) for name in figures)
    for name, value in figures.items():
        if isinstance(value, dict):
            value = ", ".join(f"{key} {item}" for key, item in value.items())
        print(f"{name.ljust(width)}  {value}")
    print(json.dumps(figures))
