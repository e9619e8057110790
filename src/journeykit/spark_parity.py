"""Spark parity: compares every table of a Spark build (exported as parquet) with the DuckDB build.

Used by scripts/spark_check.sh (the Spark lane of .ci/run), run with the project's .venv:

    python -m journeykit.spark_parity <duckdb_path> <spark_export.json> <allowed_differences.yml> \
        [--spark-target DIR] [--duckdb-target DIR] [--failure TEXT ...]

<spark_export.json> maps every Spark table and view of the project's schemas, `<schema>.<name>`,
to its parquet files (scripts/spark_check.py). Every table and view of the DuckDB build's project
schemas is compared with the Spark one of the same name:

- the same column names in the same order, and the same row count;
- the same rows after sorting on all columns: integers, decimals, texts, booleans, dates and
  timestamps exactly (timestamps as UTC, to the microsecond), doubles to 1e-9 relative (1e-12
  absolute near 0), NaN equal to NaN;
- a mart without rows on both engines fails too (it would compare nothing);
- a table on one engine only is a failure (a model that did not build on Spark);
- so is every dbt node (model, seed, data or unit test, hook) that failed or was skipped in the
  build of either engine, read from the builds' run_results.json.

Differences that are real engine semantics are listed in the allow-list file, one entry per
table and column with the reason; those columns are left out of the row comparison (the row
count and every other column are still compared) and reported on every run. An entry whose
column matches anyway is reported too, so that the list does not outlive its reason.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import yaml

PROJECT_SCHEMAS = ("config", "landing", "staging", "intermediate", "marts")
"""The schemas the project builds (seeds, landing views, models), compared on both engines."""

RELATIVE_TOLERANCE = 1e-9
ABSOLUTE_TOLERANCE = 1e-12
SHOWN_DIFFERENCES = 3
"""How many differing rows a failing table prints."""

FLOAT_TYPES = ("DOUBLE", "FLOAT", "REAL")


@dataclass(frozen=True)
class AllowedDifference:
    """A column whose values may differ between the engines, and why."""

    table: str
    column: str
    reason: str


@dataclass
class TableResult:
    """The comparison of one table."""

    table: str
    duckdb_rows: int | None
    spark_rows: int | None
    problems: list[str] = field(default_factory=list)
    allowed: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems

    @property
    def layer(self) -> str:
        return self.table.split(".", 1)[0]


def load_allowed_differences(path: Path) -> list[AllowedDifference]:
    """The allow-list: a YAML list of {table: <schema>.<table>, column: <name>, reason: <text>}.

    Raises ValueError for an entry without a table, a column or a reason, or a duplicate entry.
    """
    entries = yaml.safe_load(path.read_text()) or []
    if not isinstance(entries, list):
        raise ValueError(f"{path}: expected a list of entries")
    allowed: list[AllowedDifference] = []
    seen: set[tuple[str, str]] = set()
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise ValueError(f"{path}: entry {number} is not a mapping")
        values = {key: str(entry.get(key) or "").strip() for key in ("table", "column", "reason")}
        missing = [key for key, value in values.items() if not value]
        unknown = sorted(set(entry) - set(values))
        if missing or unknown:
            raise ValueError(
                f"{path}: entry {number} needs table, column and reason (missing {missing}, unknown {unknown})"
            )
        key = (values["table"], values["column"])
        if key in seen:
            raise ValueError(f"{path}: entry {number} repeats {key[0]}.{key[1]}")
        seen.add(key)
        allowed.append(AllowedDifference(**values))
    return allowed


def values_equal(duckdb_value: Any, spark_value: Any) -> bool:
    """Exact equality (an integer equals a decimal of the same value), except doubles: equal to
    RELATIVE_TOLERANCE, or ABSOLUTE_TOLERANCE near 0, and NaN equals NaN."""
    if duckdb_value is None or spark_value is None:
        return duckdb_value is None and spark_value is None
    if isinstance(duckdb_value, bool) or isinstance(spark_value, bool):
        return type(duckdb_value) is type(spark_value) and duckdb_value == spark_value
    numbers = (int, float, Decimal)
    if isinstance(duckdb_value, numbers) and isinstance(spark_value, numbers):
        if isinstance(duckdb_value, float) or isinstance(spark_value, float):
            first, second = float(duckdb_value), float(spark_value)
            if math.isnan(first) or math.isnan(second):
                return math.isnan(first) and math.isnan(second)
            return math.isclose(first, second, rel_tol=RELATIVE_TOLERANCE, abs_tol=ABSOLUTE_TOLERANCE)
        return bool(duckdb_value == spark_value)
    return type(duckdb_value) is type(spark_value) and bool(duckdb_value == spark_value)


def _sort_key(row: Sequence[Any]) -> tuple[tuple[int, Any], ...]:
    """Nulls last, NaN after every number; values of one column share a type, so they compare.

    Doubles sort on their first 9 significant digits (then on their value), so that two engines'
    results that differ in the last bits sort alike.
    """
    key: list[tuple[int, Any]] = []
    for value in row:
        if value is None:
            key.append((3, 0))
        elif isinstance(value, float) and math.isnan(value):
            key.append((2, 0))
        elif isinstance(value, float):
            key.append((1, (float(f"{value:.8e}"), value)))
        else:
            key.append((0, value))
    return tuple(key)


def compare_rows(
    duckdb_rows: list[tuple[Any, ...]], spark_rows: list[tuple[Any, ...]], float_positions: Sequence[int]
) -> list[str]:
    """Row-for-row differences of two tables with the same columns, as readable lines (empty: the same).

    Rows are sorted on every column, the double columns last, and compared pairwise: doubles that
    differ in the last bits between the engines then still pair up with their counterpart.
    """
    exact_positions = [position for position in range(len(duckdb_rows[0]) if duckdb_rows else 0)
                       if position not in float_positions]
    order = [*exact_positions, *float_positions]

    def reordered(row: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(row[position] for position in order)

    duckdb_sorted = sorted(duckdb_rows, key=lambda row: _sort_key(reordered(row)))
    spark_sorted = sorted(spark_rows, key=lambda row: _sort_key(reordered(row)))
    differences = []
    for duckdb_row, spark_row in zip(duckdb_sorted, spark_sorted, strict=True):
        if not all(values_equal(first, second) for first, second in zip(duckdb_row, spark_row, strict=True)):
            differences.append(f"duckdb {duckdb_row!r}\n            spark  {spark_row!r}")
    return differences


def _normalised_select(
    columns: dict[str, str], float_columns: set[str], source: str, skipped: Iterable[str] = ()
) -> tuple[str, list[int]]:
    """A select of source's compared columns as comparable Python values, and the positions of its doubles.

    Columns of float_columns are read as doubles (one engine may type a column decimal, the other
    double); timestamps with a time zone (Spark's parquet timestamps) as UTC timestamps without one.
    """
    expressions = []
    float_positions = []
    for name, data_type in columns.items():
        if name in skipped:
            continue
        quoted = '"' + name.replace('"', '""') + '"'
        if name in float_columns:
            float_positions.append(len(expressions))
            expressions.append(f"cast({quoted} as double)")
        elif data_type.upper() == "TIMESTAMP WITH TIME ZONE":
            expressions.append(f"cast({quoted} as timestamp)")
        else:
            expressions.append(quoted)
    return f"select {', '.join(expressions) or 'null'} from {source}", float_positions


def _columns(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, str]:
    return {row[0]: row[1] for row in con.sql(f"describe select * from {source}").fetchall()}


def _count(con: duckdb.DuckDBPyConnection, source: str) -> int:
    row = con.sql(f"select count(*) from {source}").fetchone()
    return int(row[0]) if row else 0


def compare_table(
    con: duckdb.DuckDBPyConnection, table: str, spark_files: list[str], allowed: list[AllowedDifference]
) -> TableResult:
    """Compares the DuckDB table `table` (<schema>.<name>) with the Spark table held in spark_files."""
    file_list = ", ".join("'" + path.replace("'", "''") + "'" for path in spark_files)
    spark_source = f"read_parquet([{file_list}])"
    duckdb_columns = _columns(con, table)
    spark_columns = _columns(con, spark_source)
    result = TableResult(table, _count(con, table), _count(con, spark_source))
    if list(duckdb_columns) != list(spark_columns):
        result.problems.append(f"columns differ: duckdb {list(duckdb_columns)}, spark {list(spark_columns)}")
    if result.duckdb_rows != result.spark_rows:
        result.problems.append(f"row counts differ: duckdb {result.duckdb_rows}, spark {result.spark_rows}")
    elif result.duckdb_rows == 0 and result.layer == "marts":
        result.problems.append("no rows on either engine: nothing compared (a mart must have rows in the lane)")
    allowed_here = [entry for entry in allowed if entry.table == table]
    for entry in allowed_here:
        if entry.column not in duckdb_columns:
            result.problems.append(f"allow-list names column {entry.column}, which the table does not have")
    if result.problems:
        return result
    float_columns = {
        name for name in duckdb_columns
        if duckdb_columns[name].upper() in FLOAT_TYPES or spark_columns[name].upper() in FLOAT_TYPES
    }

    def differences(duckdb_columns_here: dict[str, str], skipped: list[str]) -> list[str]:
        spark_columns_here = {name: spark_columns[name] for name in duckdb_columns_here}
        duckdb_select, float_positions = _normalised_select(duckdb_columns_here, float_columns, table, skipped)
        spark_select, _ = _normalised_select(spark_columns_here, float_columns, spark_source, skipped)
        return compare_rows(con.sql(duckdb_select).fetchall(), con.sql(spark_select).fetchall(), float_positions)

    differing_rows = differences(duckdb_columns, [entry.column for entry in allowed_here])
    if differing_rows:
        result.problems.append(f"{len(differing_rows)} of {result.duckdb_rows} rows differ after sorting, e.g.")
        result.problems.extend(f"  {line}" for line in differing_rows[:SHOWN_DIFFERENCES])
    for entry in allowed_here:
        column_differs = bool(differences({entry.column: duckdb_columns[entry.column]}, []))
        state = "differs (allowed)" if column_differs else "is the same this run (allowed to differ)"
        result.allowed.append(f"column {entry.column} {state}: {entry.reason}")
    return result


def duckdb_tables(
    con: duckdb.DuckDBPyConnection, schemas: Sequence[str] = PROJECT_SCHEMAS, catalog: str | None = None
) -> list[str]:
    """Every table and view of the given schemas (of one attached catalog when named), as <schema>.<name>."""
    placeholders = ", ".join(f"'{schema}'" for schema in schemas)
    catalog_filter = f" and table_catalog = '{catalog}'" if catalog else ""
    rows = con.sql(
        "select table_schema || '.' || table_name from information_schema.tables"
        f" where table_schema in ({placeholders}){catalog_filter} order by 1"
    ).fetchall()
    return [row[0] for row in rows]


def compare_builds(
    duckdb_path: Path, spark_export: Path, allowed: list[AllowedDifference]
) -> list[TableResult]:
    """Compares every table of both builds; tables on one engine only fail."""
    con = duckdb.connect(str(duckdb_path), read_only=True)
    con.sql("set TimeZone = 'UTC'")
    spark_files: dict[str, list[str]] = json.loads(spark_export.read_text()) if spark_export.exists() else {}
    spark_tables = set(spark_files)
    duckdb_names = duckdb_tables(con)
    results = []
    for table in duckdb_names:
        if table not in spark_tables:
            results.append(TableResult(table, None, None, ["not built on Spark"]))
            continue
        try:
            results.append(compare_table(con, table, spark_files[table], allowed))
        except duckdb.Error as error:
            results.append(TableResult(table, None, None, [f"could not be compared: {error}"]))
    for table in sorted(spark_tables - set(duckdb_names)):
        results.append(TableResult(table, None, None, ["built on Spark only"]))
    compared = {result.table for result in results}
    for entry in allowed:
        if entry.table not in compared:
            results.append(
                TableResult(entry.table, None, None, ["named in the allow-list, but built on neither engine"])
            )
    return results


def build_failures(target_dir: Path, engine: str) -> dict[str, str]:
    """The nodes of a dbt build that did not succeed, from its target dir: {node: message}.

    A node is its relation (<schema>.<name>) for models and seeds, else its kind and name
    (test, unit_test, operation). Skipped nodes count: what did not run was not checked.
    """
    run_results_path = target_dir / "run_results.json"
    manifest_path = target_dir / "manifest.json"
    if not run_results_path.exists() or not manifest_path.exists():
        return {f"dbt build on {engine}": f"wrote no run_results.json / manifest.json in {target_dir}"}
    nodes = json.loads(manifest_path.read_text())["nodes"]
    failures = {}
    for result in json.loads(run_results_path.read_text())["results"]:
        if result["status"] in ("success", "pass", "warn", "no-op"):  # no-op: an exposure, nothing to run
            continue
        unique_id = result["unique_id"]
        node = nodes.get(unique_id, {})
        kind = unique_id.split(".", 1)[0]
        if kind in ("model", "seed") and node:
            name = f"{node['schema']}.{node.get('alias') or node['name']}"
        else:
            # test.<package>.<name>.<hash>, unit_test.<package>.<model>.<name>, operation.<package>.<name>
            parts = unique_id.split(".")
            short_name = ".".join(parts[2:4]) if kind == "unit_test" else parts[2] if len(parts) > 2 else unique_id
            name = f"{kind} {short_name}"
        message = " ".join(str(result.get("message") or "").split())
        failures[name] = f"{result['status']} on {engine}" + (f": {message[:300]}" if message else "")
    return failures


def add_build_failures(results: list[TableResult], failures: dict[str, str]) -> None:
    """Attaches each failing model or seed to its table's result; other failing nodes get their own."""
    by_table = {result.table: result for result in results}
    for name, message in failures.items():
        if name in by_table:
            by_table[name].problems.insert(0, f"dbt: {message}")
        else:
            result = TableResult(name, None, None, [f"dbt: {message}"])
            results.append(result)
            by_table[name] = result


def _layer_order(result: TableResult) -> tuple[int, str]:
    layer = result.layer
    return (PROJECT_SCHEMAS.index(layer) if layer in PROJECT_SCHEMAS else len(PROJECT_SCHEMAS), result.table)


def report(results: list[TableResult], out: Any = sys.stdout) -> int:
    """Prints one line per table (and per other failing dbt node), the allowed differences, a summary
    per schema and the closing line 'spark parity: N passed, M failed'; returns the number failed."""
    results = sorted(results, key=_layer_order)
    for result in results:
        rows = f"{result.duckdb_rows} rows" if result.duckdb_rows is not None else ""
        print(f"{'ok  ' if result.passed else 'FAIL'}  {result.table:<60} {rows}", file=out)
        for line in [*result.problems, *result.allowed]:
            print(f"        {line}", file=out)
    print(file=out)
    def group(result: TableResult) -> str:
        return result.layer if result.layer in PROJECT_SCHEMAS else "dbt nodes"

    for layer in dict.fromkeys(group(result) for result in results):
        in_layer = [result for result in results if group(result) == layer]
        failed = [result.table for result in in_layer if not result.passed]
        print(f"  {layer:<13} {len(in_layer) - len(failed):>3} of {len(in_layer):>3} passed"
              + (f"; failed: {', '.join(failed)}" if failed else ""), file=out)
    allowed_count = sum(len(result.allowed) for result in results)
    print(f"  allowed differences (the allow-list): {allowed_count} column(s), listed above", file=out)
    failed_count = sum(not result.passed for result in results)
    if failed_count:
        print(f"FAILED: {failed_count} table(s) or dbt node(s) differ between Spark and DuckDB or did not build;"
              " see the FAIL lines above", file=out)
    print(f"spark parity: {len(results) - failed_count} passed, {failed_count} failed", file=out)
    return failed_count


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("duckdb_path", type=Path)
    parser.add_argument("spark_export", type=Path)
    parser.add_argument("allowed_differences", type=Path)
    parser.add_argument("--spark-target", type=Path, help="the Spark build's dbt target dir (failed nodes fail)")
    parser.add_argument("--duckdb-target", type=Path, help="the DuckDB build's dbt target dir (failed nodes fail)")
    parser.add_argument("--failure", nargs="*", default=[], help="a failure of an earlier step of the lane")
    args = parser.parse_args(argv)
    allowed = load_allowed_differences(args.allowed_differences)
    results = compare_builds(args.duckdb_path, args.spark_export, allowed)
    for target_dir, engine in ((args.spark_target, "Spark"), (args.duckdb_target, "DuckDB")):
        if target_dir is not None:
            add_build_failures(results, build_failures(target_dir, engine))
    results.extend(TableResult(f"lane: {failure}", None, None, ["failed"]) for failure in args.failure if failure)
    return 1 if report(results) else 0


if __name__ == "__main__":
    sys.exit(main())
