"""Shared fixtures: one simulated population built once per test session."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from journeykit.project import run_dbt
from journeykit.simulator import simulate

SIMULATED_PEOPLE = 6000
SIMULATION_SEED = 7


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test that reads the shared simulated warehouse, so that scripts/test.sh can run those
    and the self-contained ones (own small fixtures, each its own dbt run) in two processes at once."""
    for item in items:
        if {"simulated", "sim_warehouse"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.simulated)


@dataclass(frozen=True)
class SimulatedWarehouse:
    """A simulation (raw files and ground truth) and the warehouse dbt built from it."""

    raw_dir: Path
    truth_dir: Path
    database: Path

    def connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.database), read_only=True)


@pytest.fixture(scope="session")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> SimulatedWarehouse:
    """Simulate SIMULATED_PEOPLE people and run a full `dbt build` on them (dbt's tests included).

    Development shortcut: JOURNEY_TEST_WAREHOUSE_DIR=<dir> reuses <dir>/sim (a simulation of
    SIMULATED_PEOPLE people, seed SIMULATION_SEED) and <dir>/simulated.duckdb as they are, so that
    one can rebuild a few models with `dbt build --select` and rerun the tests in seconds.
    CI never sets it.
    """
    reuse = os.environ.get("JOURNEY_TEST_WAREHOUSE_DIR")
    if reuse:
        base = Path(reuse)
        return SimulatedWarehouse(
            raw_dir=base / "sim" / "raw", truth_dir=base / "sim" / "truth", database=base / "simulated.duckdb"
        )
    work = tmp_path_factory.mktemp("simulated")
    simulate(work / "sim", people=SIMULATED_PEOPLE, seed=SIMULATION_SEED, quiet=True)
    database = work / "simulated.duckdb"
    run_dbt(["build"], raw_path=work / "sim" / "raw", duckdb_path=database, target_path=work / "target")
    return SimulatedWarehouse(raw_dir=work / "sim" / "raw", truth_dir=work / "sim" / "truth", database=database)


@pytest.fixture(scope="session")
def sim_warehouse(simulated: SimulatedWarehouse) -> duckdb.DuckDBPyConnection:
    connection = simulated.connect()
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def published(simulated: SimulatedWarehouse, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared simulated warehouse published (journeykit publish): the published journey.duckdb."""
    from journeykit.publish import publish

    return publish(simulated.database, tmp_path_factory.mktemp("published"), quiet=True).database


TRACKER_FIXTURE_DIR = Path(__file__).resolve().parents[1] / "raw_data" / "trackers"
NATIVE_SMALL_SIMULATION = {"people": 150, "seed": 11, "days": 60}


@dataclass(frozen=True)
class BuiltWarehouse:
    """A raw directory and the warehouse a full `dbt build` made of it."""

    raw_dir: Path
    database: Path
    target_dir: Path
    simulate_args: dict[str, int]

    def connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.database), read_only=True)


@pytest.fixture(scope="session")
def tracker_fixture(tmp_path_factory: pytest.TempPathFactory) -> BuiltWarehouse:
    """The hand-written tracker exports of tests/raw_data/trackers (GA4, Segment and Snowplow side by side,
    each with its own people), built once with `dbt build`; every tracker's test reads its own rows."""
    work = tmp_path_factory.mktemp("trackers")
    database = work / "trackers.duckdb"
    run_dbt(["build"], raw_path=TRACKER_FIXTURE_DIR, duckdb_path=database, target_path=work / "target")
    return BuiltWarehouse(raw_dir=TRACKER_FIXTURE_DIR, database=database, target_dir=work / "target", simulate_args={})


@pytest.fixture(scope="session")
def native_small_build(tmp_path_factory: pytest.TempPathFactory) -> BuiltWarehouse:
    """A small simulation (NATIVE_SMALL_SIMULATION) in the native format, built with `dbt build`: the side
    every tracker format's parity test compares with (simulate the same arguments in the tracker's format)."""
    work = tmp_path_factory.mktemp("native_small")
    simulate(work / "sim", quiet=True, **NATIVE_SMALL_SIMULATION)
    database = work / "native.duckdb"
    run_dbt(["build"], raw_path=work / "sim" / "raw", duckdb_path=database, target_path=work / "target")
    return BuiltWarehouse(
        raw_dir=work / "sim" / "raw", database=database, target_dir=work / "target",
        simulate_args=dict(NATIVE_SMALL_SIMULATION),
    )
