"""The funnel engine end to end on hand-built timelines (tests/python/fixtures/funnel_timelines.yml): the
funnel seeds and the person timeline hold a case's given rows, dbt runs every funnel model (the step chain
through the iterative materialization, pass after pass) and fct_funnel_entry_steps, and the mart must hold
exactly the case's expected rows, on the columns they name. The expected rows are worked out by hand in each
case's description; they were dbt unit tests of the mart before the engine became models."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from journeykit.project import PROJECT_DIR, run_dbt

FIXTURE = PROJECT_DIR / "tests" / "raw_data" / "minimal"
CASES = yaml.safe_load((Path(__file__).parent / "fixtures" / "funnel_timelines.yml").read_text())["cases"]
CHAIN_MODEL = "int_funnel_sequential_steps_reached"

# The tables a case fills, with the columns the funnel models read (the timeline's: journey.activity_property_names()).
PROPERTY_COLUMNS = [
    "page_path", "landing_page_path", "device_type", "browser", "os", "country", "payment_method", "error_code",
    "form_id", "onboarding_step", "feature_name", "plan", "channel_group", "campaign", "entry_source",
    "entry_medium", "activity_source",
]
TABLES = {
    "ref('funnel_definitions')": (
        "config.funnel_definitions",
        {"funnel_name": "varchar", "window_size": "integer", "window_unit": "varchar", "order_mode": "varchar",
         "scope": "varchar", "description": "varchar"},
    ),
    "ref('funnel_steps')": (
        "config.funnel_steps",
        {"funnel_name": "varchar", "step_number": "integer", "step_name": "varchar", "canonical_event": "varchar",
         "property_name": "varchar", "property_value": "varchar", "is_exclusion": "boolean",
         "step_window_size": "integer", "step_window_unit": "varchar", "filter_match": "varchar"},
    ),
    "ref('funnel_step_filters')": (
        "config.funnel_step_filters",
        {"funnel_name": "varchar", "step_name": "varchar", "property_name": "varchar", "filter_operator": "varchar",
         "property_value": "varchar"},
    ),
    "ref('int_activities_enriched')": (
        "intermediate.int_activities_enriched",
        {"activity_id": "varchar", "person_id": "varchar", "session_id": "varchar", "activity_number": "bigint",
         "activity": "varchar", "activity_at": "timestamp", **{column: "varchar" for column in PROPERTY_COLUMNS}},
    ),
}


# The cases share one warehouse and one dbt run: each case's identifiers get the prefix case<i>~, so
# that the timelines of its p1 and s1 stay apart from another case's. Every funnel runs over every
# timeline, and what an entry reaches depends on its funnel and its actor's timeline only, so a case
# reads the rows of its own funnels and actors, with the prefix taken off.
PREFIXED_COLUMNS = {"activity_id", "person_id", "session_id"}


def prefix(case_index: int) -> str:
    return f"case{case_index}~"


def stored(row: dict[str, Any], column: str, case_index: int) -> Any:
    value = row.get(column)
    return prefix(case_index) + value if column in PREFIXED_COLUMNS and value is not None else value


def load_cases(database: Path) -> None:
    with duckdb.connect(str(database)) as connection:
        for table, columns in TABLES.values():
            connection.execute(f"create schema if not exists {table.split('.')[0]}")
            connection.execute(f"create table {table} ({', '.join(f'{c} {t}' for c, t in columns.items())})")
        # the funnel models leave out a funnel that names an event the taxonomy does not know: the seed as it is
        connection.execute(
            "create table config.event_taxonomy as select * from read_csv(?, header = true, all_varchar = true)",
            [str(PROJECT_DIR / "seeds" / "event_taxonomy.csv")],
        )
        for index, case in enumerate(CASES):
            for given in case["given"]:
                table, columns = TABLES[given["input"]]
                unknown = {key for row in given["rows"] for key in row} - set(columns)
                assert not unknown, f"{case['name']}: columns {unknown} are not read by the funnel models"
                connection.executemany(
                    f"insert into {table} values ({', '.join('?' for _ in columns)})",
                    [[stored(row, column, index) for column in columns] for row in given["rows"]],
                )


def definitions(case: dict[str, Any]) -> list[dict[str, Any]]:
    return next(given["rows"] for given in case["given"] if given["input"] == "ref('funnel_definitions')")


def funnel_names(case: dict[str, Any]) -> list[str]:
    return [row["funnel_name"] for row in definitions(case)]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The warehouse with every case loaded and the funnel models built, and dbt's output."""
    names = [name for case in CASES for name in funnel_names(case)]
    assert len(names) == len(set(names)), "each case needs funnels of its own"
    work = tmp_path_factory.mktemp("funnel_timelines")
    database = work / "funnel.duckdb"
    load_cases(database)
    result = run_dbt(
        ["run", "--select", "path:models/intermediate/funnels", "fct_funnel_entry_steps"],
        raw_path=FIXTURE, duckdb_path=database, target_path=work / "target",
    )
    return database, result.output


def as_expected(value: Any, case_index: int) -> Any:
    """A warehouse value the way the fixtures write it: without the case prefix, timestamps as text."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return value.replace(prefix(case_index), "") if isinstance(value, str) else value


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_hand_built_timeline_gives_the_hand_computed_entry_steps(case: dict[str, Any], built: tuple[Path, str]) -> None:
    database, _ = built
    case_index = CASES.index(case)
    expected = case["expect"]["rows"]
    columns = list(dict.fromkeys(key for row in expected for key in row))
    with duckdb.connect(str(database), read_only=True) as connection:
        actual = connection.execute(
            f"select {', '.join(columns)} from marts.fct_funnel_entry_steps"
            " where list_contains(?, funnel_name) and starts_with(actor_id, ?)",
            [funnel_names(case), prefix(case_index)],
        ).fetchall()

    def key(row: tuple[Any, ...]) -> tuple[str, ...]:
        return tuple(repr(value) for value in row)

    assert sorted(([as_expected(value, case_index) for value in row] for row in actual), key=key) == sorted(
        ([row.get(column) for column in columns] for row in expected), key=key
    )


def test_the_step_chain_takes_one_pass_per_step_of_the_longest_chain(built: tuple[Path, str]) -> None:
    # pass p adds step p + 1 (step 1 comes from the entries); the first pass that adds nothing converges
    _, output = built
    passes = re.findall(rf"journey: {CHAIN_MODEL} pass (\d+): (\d+) steps added, \d+ rows(, converged)?", output)
    longest = max(
        row["step_number"]
        for case in CASES
        if any(definition["order_mode"] in ("ordered", "strict") for definition in definitions(case))
        for row in case["expect"]["rows"]
        if row.get("is_reached") or row.get("is_excluded")
    )
    assert longest >= 3, "the cases must need more than one pass for this test to mean anything"
    assert [int(number) for number, _, _ in passes] == list(range(1, longest + 1))
    assert passes[-1][1:] == ("0", ", converged")
    assert all(int(added) > 0 and not converged for _, added, converged in passes[:-1])


def test_a_chain_longer_than_journey_funnel_max_steps_is_a_clear_error(built: tuple[Path, str], tmp_path: Path) -> None:
    database, _ = built
    result = run_dbt(
        ["run", "--select", CHAIN_MODEL, "--vars", "{journey_funnel_max_steps: 2}"],
        raw_path=FIXTURE, duckdb_path=database, target_path=tmp_path / "target", check=False,
    )
    assert not result.ok
    assert (
        f"journey: iterative model {CHAIN_MODEL} did not converge within 2 passes"
        " (config max_passes, var journey_funnel_max_steps)"
    ) in result.output
