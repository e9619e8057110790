"""The publish step: readers of the published copy never block the builder and never see a mix of versions.

The scenario: a build file holding the simulated warehouse is published (version A); a reader opens the
published journey.duckdb and keeps querying it from another thread while `dbt build` rebuilds the same
build file from the tiny fixture tests/raw_data/minimal (so every table changes size) and while that
build is published (version B). The reader's queries must all succeed and all see version A, every
table with exactly A's row counts; a new reader must see B.
"""

from __future__ import annotations

import io
import os
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from journeykit.progress import Progress
from journeykit.project import PROJECT_DIR, run_dbt
from journeykit.publish import PUBLISHED_DATABASE, PublishResult, publish

MINIMAL = PROJECT_DIR / "tests" / "raw_data" / "minimal"
CHECKED_TABLES = ["marts.dim_persons", "marts.fct_funnel_steps", "marts.fct_attribution_credits",
                  "marts.fct_opportunities", "intermediate.int_activities_ordered"]


@dataclass
class ReaderLog:
    """What the reader thread saw: one entry per round of queries."""

    rounds: list[tuple[float, str, dict[str, int], dict[str, int]]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def read_until(database: Path, stop: threading.Event, log: ReaderLog) -> None:
    """Query the published copy in a loop: its version, the row counts it recorded, the real row counts."""
    connection = duckdb.connect(str(database), read_only=True)
    try:
        while not stop.is_set():
            try:
                recorded = {
                    f"{schema}.{table}": count
                    for schema, table, count in connection.execute(
                        "select table_schema, table_name, row_count from journey_publish.published_tables"
                    ).fetchall()
                }
                (version,) = connection.execute(
                    "select distinct version from journey_publish.published_tables").fetchone()
                counted = {name: connection.execute(f"select count(*) from {name}").fetchone()[0]
                           for name in CHECKED_TABLES}
                log.rounds.append((time.monotonic(), version, {name: recorded[name] for name in CHECKED_TABLES},
                                   counted))
            except Exception as error:  # recorded, asserted on below
                log.errors.append(repr(error))
            time.sleep(0.2)
    finally:
        connection.close()


@dataclass(frozen=True)
class Scenario:
    first: PublishResult
    second: PublishResult
    reader: ReaderLog
    build_started: float
    build_ended: float
    out: Path
    build_file: Path


@pytest.fixture(scope="module")
def scenario(simulated, tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    work = tmp_path_factory.mktemp("publish")
    build_file = work / "build.duckdb"
    shutil.copyfile(simulated.database, build_file)
    out = work / "published"
    first = publish(build_file, out, quiet=True)

    stop, log = threading.Event(), ReaderLog()
    reader = threading.Thread(target=read_until, args=(first.database, stop, log), daemon=True)
    reader.start()
    try:
        build_started = time.monotonic()
        # another, much smaller dataset into the same warehouse: the drop in raw rows is intended, and
        # --full-refresh rebuilds the incremental models from it instead of adding it to the old loads
        run_dbt(["build", "--full-refresh", "--exclude", "test_type:unit",
                 "--vars", "{journey_source_min_row_ratio: 0}"],
                raw_path=MINIMAL, duckdb_path=build_file,
                target_path=work / "target")
        build_ended = time.monotonic()
        second = publish(build_file, out, quiet=True)
        time.sleep(1.0)  # the open reader goes on after the switch
    finally:
        stop.set()
        reader.join(timeout=60)
    return Scenario(first, second, log, build_started, build_ended, out, build_file)


def test_an_open_reader_survives_a_full_build_and_a_publish(scenario: Scenario) -> None:
    log = scenario.reader
    assert log.errors == []
    during_build = [entry for entry in log.rounds if scenario.build_started <= entry[0] <= scenario.build_ended]
    after_publish = [entry for entry in log.rounds if entry[0] > scenario.build_ended]
    assert len(during_build) >= 5 and after_publish


def test_the_open_reader_sees_one_consistent_version(scenario: Scenario) -> None:
    first_counts = {name: scenario.first.rows[name] for name in CHECKED_TABLES}
    for _, version, recorded, counted in scenario.reader.rounds:
        assert version == scenario.first.version
        assert recorded == first_counts
        assert counted == first_counts


def test_a_new_reader_sees_the_new_version(scenario: Scenario) -> None:
    connection = duckdb.connect(str(scenario.out / PUBLISHED_DATABASE), read_only=True)
    try:
        (version,) = connection.execute("select distinct version from journey_publish.published_tables").fetchone()
        counted = {name: connection.execute(f"select count(*) from {name}").fetchone()[0] for name in CHECKED_TABLES}
    finally:
        connection.close()
    assert version == scenario.second.version != scenario.first.version
    assert counted == {name: scenario.second.rows[name] for name in CHECKED_TABLES}
    # the two builds differ, so a mix would show: the minimal fixture has 5 people, the simulation thousands
    assert counted["marts.dim_persons"] < scenario.first.rows["marts.dim_persons"]
    assert os.readlink(scenario.out / "current") == f"versions/{scenario.second.version}"


def test_every_mart_and_the_listed_intermediate_tables_are_published(scenario: Scenario, simulated) -> None:
    with simulated.connect() as build:
        marts = {f"marts.{name}" for (name,) in build.execute(
            "select table_name from duckdb_tables() where schema_name = 'marts'").fetchall()}
    published = set(scenario.first.rows)
    assert marts <= published
    assert {"intermediate.int_activities_ordered", "intermediate.int_raw_rows_reconciled"} <= published
    version_dir = scenario.out / "versions" / scenario.first.version
    for name, count in scenario.first.rows.items():
        schema, table = name.split(".")
        parquet = version_dir / schema / f"{table}.parquet"
        assert duckdb.sql(f"select count(*) from read_parquet('{parquet}')").fetchone()[0] == count


def test_old_versions_are_removed_keeping_the_newest(scenario: Scenario) -> None:
    build_file = scenario.build_file
    results = [publish(build_file, scenario.out, keep=2, quiet=True) for _ in range(2)]
    kept = sorted(path.name for path in (scenario.out / "versions").iterdir())
    assert kept == sorted(result.version for result in results)
    assert set(results[-1].removed_versions) == {scenario.second.version, results[0].version} - set(kept)
    with pytest.raises(ValueError, match="at least 2"):
        publish(build_file, scenario.out, keep=1, quiet=True)
    with pytest.raises(RuntimeError, match="int_nonexistent"):
        publish(build_file, scenario.out, intermediate_tables=["int_nonexistent"], quiet=True)


def test_progress_is_plain_lines_in_logs_and_one_redrawn_line_in_a_terminal(monkeypatch) -> None:
    monkeypatch.delenv("JOURNEY_PROGRESS", raising=False)
    log = io.StringIO()
    progress = Progress("publish", total=48, stream=log, log_every_seconds=3600)
    for number in range(48):
        progress.advance(f"table {number}")
    progress.finish("done")
    lines = log.getvalue().splitlines()
    assert "\r" not in log.getvalue()
    assert len(lines) == 11  # a line per tenth of the work (10) and the final one
    assert lines[-2].split()[2] == "48/48" and lines[-1].endswith("done")

    monkeypatch.setenv("JOURNEY_PROGRESS", "tty")
    terminal = io.StringIO()
    progress = Progress("publish", total=48, stream=terminal)
    for number in range(48):
        progress.advance(f"table {number}")
    progress.finish("done")
    assert terminal.getvalue().count("\r") >= 48
    assert terminal.getvalue().count("\n") == 1


def test_the_benchmark_shows_dbt_build_progress_from_its_log_lines() -> None:
    from journeykit.benchmark import dbt_progress

    log = io.StringIO()
    progress = Progress("benchmark: dbt build", stream=log, log_every_seconds=3600)
    on_line = dbt_progress(progress)
    on_line("\x1b[0m13:09:41  Concurrency: 2 threads (target='duckdb')\n")
    on_line("\x1b[0m13:09:41  1 of 1 START hook: journey.on-run-start.0 ..... [RUN]\n")
    on_line("\x1b[0m13:09:41  1 of 1 OK hook: journey.on-run-start.0 ........ [\x1b[32mOK\x1b[0m in 0.1s]\n")
    for number in range(1, 21):
        on_line(f"\x1b[0m13:09:41  {number} of 20 START sql table model marts.fct_{number} ... [RUN]\n")
        on_line(f"\x1b[0m13:09:42  {number} of 20 OK created sql table model marts.fct_{number} ....... "
                f"[\x1b[32mOK\x1b[0m in 0.5s]\n")
    assert progress.done_steps == 20 and progress.total == 20
    lines = log.getvalue().splitlines()
    assert len(lines) == 11 and lines[0].endswith("1/1  OK hook: journey.on-run-start.0")
    assert lines[-1].endswith("20/20  OK created sql table model marts.fct_20")
