"""The iterative materialization (macros/materializations/iterative.sql), through the identity graph's
label propagation on the minimal fixture: logged passes, convergence, the error past max_passes, no work
table left behind, and `dbt compile` saying that the model is iterative."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from journeykit.project import PROJECT_DIR, run_dbt

FIXTURE = PROJECT_DIR / "tests" / "raw_data" / "minimal"
MODEL = "int_identity_labels_propagated"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    work = tmp_path_factory.mktemp("iterative")
    database = work / "iterative.duckdb"
    run_dbt(["seed"], raw_path=FIXTURE, duckdb_path=database, target_path=work / "target")
    result = run_dbt(
        ["run", "--select", f"+{MODEL}"], raw_path=FIXTURE, duckdb_path=database, target_path=work / "target"
    )
    return database, result.output


def _passes(output: str) -> list[tuple[int, int, bool]]:
    """(pass number, labels changed, converged) of every logged pass."""
    return [
        (int(number), int(changed), bool(converged))
        for number, changed, converged in re.findall(
            rf"journey: {MODEL} pass (\d+): (\d+) labels changed, \d+ rows(, converged)?", output
        )
    ]


def test_passes_are_logged_until_no_label_changes(built: tuple[Path, str]) -> None:
    database, output = built
    passes = _passes(output)
    assert [number for number, _, _ in passes] == list(range(1, len(passes) + 1))
    assert passes[-1][1] == 0 and passes[-1][2], "the last pass changes nothing and is the converged one"
    assert all(changed > 0 and not converged for _, changed, converged in passes[:-1])
    with duckdb.connect(str(database), read_only=True) as connection:
        (resolution_pass, changed_rows) = connection.sql(
            f"select max(resolution_pass), count(case when is_changed then 1 end) from intermediate.{MODEL}"
        ).fetchone()
        leftovers = connection.sql(
            "select table_name from information_schema.tables where table_name like '%\\_\\_pass\\_%' escape '\\'"
        ).fetchall()
    assert resolution_pass == len(passes), "the built table is the output of the last pass"
    assert changed_rows == 0
    assert leftovers == [], "no work table is left behind"


def test_not_converging_within_max_passes_is_a_clear_error(built: tuple[Path, str], tmp_path: Path) -> None:
    database, output = built
    needed = len(_passes(output))
    assert needed >= 2, "the fixture needs more than one pass for this test to mean anything"
    result = run_dbt(
        ["run", "--select", MODEL, "--vars", f"{{journey_identity_max_passes: {needed - 1}}}"],
        raw_path=FIXTURE,
        duckdb_path=database,
        target_path=tmp_path / "target",
        check=False,
    )
    assert not result.ok
    assert (
        f"journey: iterative model {MODEL} did not converge within {needed - 1} passes"
        " (config max_passes, var journey_identity_max_passes)"
    ) in result.output
    with duckdb.connect(str(database), read_only=True) as connection:
        leftovers = connection.sql(
            "select table_name from information_schema.tables where table_name like '%\\_\\_pass\\_%' escape '\\'"
        ).fetchall()
    assert leftovers == []


def test_compile_says_the_model_is_iterative(built: tuple[Path, str], tmp_path: Path) -> None:
    database, _ = built
    result = run_dbt(
        ["compile", "--select", MODEL], raw_path=FIXTURE, duckdb_path=database, target_path=tmp_path / "target"
    )
    assert f"journey: {MODEL} is an iterative model: this SQL is its first pass" in result.output
    compiled = next((tmp_path / "target" / "compiled").rglob(f"{MODEL}.sql")).read_text()
    assert re.search(r'"int_identity_labels_initialized" /\* journey\.previous_pass \*/', compiled)
