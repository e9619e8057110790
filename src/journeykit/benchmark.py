"""The benchmark: simulate N events, build the whole project, compare with a floor query.

The floor is the least any journey pipeline must do: one DuckDB pass that reads every raw
event and sorts them by person and time. The pipeline's cost is reported as a ratio to it.
Figures are printed and returned, never asserted: they belong in the README, not in tests.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

from journeykit.progress import Progress
from journeykit.project import PROJECT_DIR, dbt_executable


@dataclass(frozen=True)
class BenchmarkResult:
    """Measured figures of one benchmark run."""

    events_requested: int
    raw_event_rows: int
    simulate_seconds: float
    simulate_peak_rss_mib: float
    build_seconds: float
    build_peak_rss_mib: float
    events_per_second: float
    floor_seconds: float
    ratio_to_floor: float
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


def run_benchmark(events: int, work_dir: Path | None = None, seed: int = 42, quiet: bool = False) -> BenchmarkResult:
    """Simulate about `events` events, time a full `dbt build` and the floor query (progress on stderr)."""
    work = Path(work_dir) if work_dir else Path(tempfile.mkdtemp(prefix="journey-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    phases = Progress("benchmark", quiet=quiet)
    phases.log(f"simulating about {events:,} events into {work / 'sim'}")

    simulate_seconds, simulate_rss, _ = _run_measured(
        [sys.executable, "-m", "journeykit.cli", "simulate", "--events", str(events), "--seed", str(seed),
         "--out", str(work / "sim"), "--quiet"],
        env,
    )
    raw_dir = (work / "sim" / "raw").resolve()
    warehouse = work / "bench.duckdb"
    if warehouse.exists():
        warehouse.unlink()
    env.update({"JOURNEY_RAW_PATH": str(raw_dir), "JOURNEY_DUCKDB_PATH": str(warehouse.resolve())})
    phases.log(f"simulated in {simulate_seconds:.1f}s; dbt build into {warehouse}")
    build = Progress("benchmark: dbt build", quiet=quiet)
    build_seconds, build_rss, _ = _run_measured(
        [dbt_executable(), "build", "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR),
         "--target-path", str((work / "target").resolve())],
        env, on_line=dbt_progress(build),
    )
    build.finish(f"{build.done_steps} nodes in {build_seconds:.1f}s")
    floor_seconds, raw_rows = floor_query_seconds(raw_dir)
    phases.finish(f"floor query {floor_seconds:.2f}s over {raw_rows:,} events")
    return BenchmarkResult(
        events_requested=events,
        raw_event_rows=raw_rows,
        simulate_seconds=round(simulate_seconds, 1),
        simulate_peak_rss_mib=round(simulate_rss, 0),
        build_seconds=round(build_seconds, 1),
        build_peak_rss_mib=round(build_rss, 0),
        events_per_second=round(raw_rows / build_seconds, 0),
        floor_seconds=round(floor_seconds, 2),
        ratio_to_floor=round(build_seconds / floor_seconds, 1),
        warehouse_mib=round(warehouse.stat().st_size / 2**20, 0),
        cores=os.cpu_count() or 1,
    )


def print_result(result: BenchmarkResult) -> None:
    """Print the figures as a table and as JSON (for the README and for scripts)."""
    width = max(len(name) for name in asdict(result))
    for name, value in asdict(result).items():
        print(f"{name.ljust(width)}  {value}")
    print(json.dumps(asdict(result)))
