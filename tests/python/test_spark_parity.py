"""The Spark parity lane's comparison (journeykit.spark_parity) on hand-made builds.

A DuckDB database stands for the DuckDB build and parquet files written by DuckDB stand for
the Spark export (each table in two parquet files, timestamps UTC-adjusted as Spark writes them),
so the rules are checked without Spark: what must match, what may differ, what fails.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import duckdb
import pytest

from journeykit.spark_parity import (
    AllowedDifference,
    TableResult,
    add_build_failures,
    build_failures,
    compare_builds,
    load_allowed_differences,
    report,
    values_equal,
)

DUCKDB_ROWS = """
    select * from (values
        ('a', 1, 0.1 + 0.2, timestamp '2026-01-02 03:04:05.123456', date '2026-01-02', true),
        ('b', 2, 1e-15, timestamp '2026-01-03 00:00:00', null, false),
        ('c', null, 123456.789, null, date '2026-01-04', null)
    ) as rows (person_id, visits, score, seen_at, seen_date, is_active)
"""


def build(
    tmp_path: Path,
    spark_rows_sql: str,
    *,
    tables: tuple[str, ...] = ("marts.fct_example",),
    duckdb_rows_sql: str = DUCKDB_ROWS,
) -> tuple[Path, Path]:
    """A DuckDB build holding duckdb_rows_sql in each of tables, and a Spark export holding spark_rows_sql."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    database = tmp_path / "duckdb.duckdb"
    export = tmp_path / "spark_export.json"
    con = duckdb.connect(str(database))
    con.sql("set TimeZone = 'UTC'")
    for table in tables:
        con.sql(f"create schema if not exists {table.split('.')[0]}")
        con.sql(f"create table {table} as {duckdb_rows_sql}")
    # Spark's parquet timestamps are UTC-adjusted: DuckDB reads them back as timestamptz
    parts = [tmp_path / "part-0.parquet", tmp_path / "part-1.parquet"]
    for number, part in enumerate(parts):
        con.sql(
            f"copy (select * replace (cast(seen_at as timestamptz) as seen_at) from ({spark_rows_sql})"
            f" where {'' if number else 'not '}coalesce(visits = 2, false))"
            f" to '{part}' (format parquet)"
        )
    export.write_text(json.dumps({"marts.fct_example": [str(part) for part in parts]}))
    con.close()
    return database, export


def only_result(database: Path, export: Path, allowed: list[AllowedDifference] | None = None) -> TableResult:
    results = compare_builds(database, export, allowed or [])
    assert len(results) == 1
    return results[0]


def test_the_same_rows_in_another_order_with_doubles_differing_in_the_last_bits_pass(tmp_path: Path) -> None:
    spark_rows = f"""
        select person_id, visits,
            case person_id when 'a' then 0.30000000000000004 * (1 + 1e-12) when 'b' then 0.0 else score end as score,
            seen_at, seen_date, is_active
        from ({DUCKDB_ROWS}) order by person_id desc
    """
    result = only_result(*build(tmp_path, spark_rows))
    assert result.passed, result.problems
    assert (result.duckdb_rows, result.spark_rows) == (3, 3)


def test_a_double_differing_beyond_1e_9_relative_fails_and_shows_the_row(tmp_path: Path) -> None:
    spark_rows = f"""
        select * replace (case when person_id = 'c' then score * (1 + 1e-8) else score end as score)
        from ({DUCKDB_ROWS})
    """
    result = only_result(*build(tmp_path, spark_rows))
    assert not result.passed
    assert result.problems[0] == "1 of 3 rows differ after sorting, e.g."
    assert "'c'" in result.problems[1] and "123456.789" in result.problems[1]


def test_a_timestamp_one_microsecond_off_fails(tmp_path: Path) -> None:
    spark_rows = f"select * replace (seen_at + interval 1 microsecond as seen_at) from ({DUCKDB_ROWS})"
    assert not only_result(*build(tmp_path, spark_rows)).passed


def test_an_integer_typed_decimal_on_spark_matches_but_a_text_does_not(tmp_path: Path) -> None:
    as_decimal = f"select * replace (cast(visits as decimal(38, 0)) as visits) from ({DUCKDB_ROWS})"
    assert only_result(*build(tmp_path / "decimal", as_decimal)).passed
    as_text = f"select * replace (cast(visits as varchar) as visits) from ({DUCKDB_ROWS})"
    assert not only_result(*build(tmp_path / "text", as_text)).passed


def test_a_missing_row_fails_on_the_row_count(tmp_path: Path) -> None:
    result = only_result(*build(tmp_path, f"select * from ({DUCKDB_ROWS}) where person_id <> 'b'"))
    assert result.problems == ["row counts differ: duckdb 3, spark 2"]


def test_a_null_where_duckdb_has_a_value_fails(tmp_path: Path) -> None:
    spark_rows = f"""
        select * replace (case when person_id = 'a' then null else seen_date end as seen_date)
        from ({DUCKDB_ROWS})
    """
    assert not only_result(*build(tmp_path, spark_rows)).passed


def test_a_mart_empty_on_both_engines_fails_but_an_empty_intermediate_table_passes(tmp_path: Path) -> None:
    empty = f"select * from ({DUCKDB_ROWS}) where false"
    result = only_result(*build(tmp_path / "mart", empty, duckdb_rows_sql=empty))
    assert result.problems == ["no rows on either engine: nothing compared (a mart must have rows in the lane)"]
    database, export = build(
        tmp_path / "intermediate", empty, tables=("intermediate.fct_example",), duckdb_rows_sql=empty
    )
    export.write_text(export.read_text().replace("marts.", "intermediate."))
    assert only_result(database, export).passed


def test_a_table_not_built_on_spark_fails(tmp_path: Path) -> None:
    database, export = build(tmp_path, DUCKDB_ROWS, tables=("marts.fct_example", "marts.fct_other"))
    results = {result.table: result for result in compare_builds(database, export, [])}
    assert results["marts.fct_example"].passed
    assert results["marts.fct_other"].problems == ["not built on Spark"]


def test_an_allowed_column_is_left_out_and_reported_with_its_reason_but_the_rest_is_compared(tmp_path: Path) -> None:
    allowed = [AllowedDifference("marts.fct_example", "seen_at", "measured at the time of the run")]
    shifted = f"select * replace (seen_at + interval 1 hour as seen_at) from ({DUCKDB_ROWS})"
    result = only_result(*build(tmp_path / "shifted", shifted), allowed)
    assert result.passed
    assert result.allowed == ["column seen_at differs (allowed): measured at the time of the run"]
    also_score = f"select * replace (seen_at + interval 1 hour as seen_at, score + 1 as score) from ({DUCKDB_ROWS})"
    assert not only_result(*build(tmp_path / "score", also_score), allowed).passed


def test_the_allow_list_needs_a_reason_for_every_entry(tmp_path: Path) -> None:
    path = tmp_path / "allowed.yml"
    path.write_text("- {table: marts.fct_example, column: seen_at, reason: measured at the time of the run}\n")
    assert load_allowed_differences(path) == [
        AllowedDifference("marts.fct_example", "seen_at", "measured at the time of the run")
    ]
    path.write_text("- {table: marts.fct_example, column: seen_at}\n")
    with pytest.raises(ValueError, match="needs table, column and reason"):
        load_allowed_differences(path)


def test_values_equal_rules() -> None:
    assert values_equal(1.0, 1.0 + 1e-10)
    assert not values_equal(1.0, 1.0 + 1e-8)
    assert values_equal(0.0, 1e-13) and not values_equal(0.0, 1e-11)
    assert values_equal(float("nan"), float("nan")) and not values_equal(float("nan"), 0.0)
    assert values_equal(None, None) and not values_equal(None, 0)
    assert not values_equal(True, 1) and not values_equal("1", 1)


def test_failed_dbt_nodes_fail_the_lane_and_the_closing_line_counts_them(tmp_path: Path) -> None:
    database, export = build(tmp_path, DUCKDB_ROWS)
    target = tmp_path / "spark_target"
    target.mkdir()
    (target / "manifest.json").write_text(json.dumps({"nodes": {
        "model.journey.fct_example": {"schema": "marts", "name": "fct_example", "alias": "fct_example"},
    }}))
    (target / "run_results.json").write_text(json.dumps({"results": [
        {"unique_id": "model.journey.fct_example", "status": "success", "message": "OK"},
        {"unique_id": "test.journey.unique_fct_example_person_id.1a2b", "status": "fail", "message": "Got 1 result"},
        {"unique_id": "exposure.journey.dashboard", "status": "no-op", "message": "NO-OP"},
    ]}))
    results = compare_builds(database, export, [])
    add_build_failures(results, build_failures(target, "Spark"))
    out = io.StringIO()
    assert report(results, out) == 1
    lines = out.getvalue().splitlines()
    assert "FAIL  test unique_fct_example_person_id" in "\n".join(lines)
    assert lines[-1] == "spark parity: 1 passed, 1 failed"
