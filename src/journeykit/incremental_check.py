"""Incremental runs against a full refresh: the helpers of the multi-load equality test.

A simulated history is cut by `loaded_at` into cumulative loads (the raw tables as they stood at
each cut: raw tables accumulate), each load is built on top of the last into one warehouse, and
that warehouse is compared, table for table, with a full build of the whole history:

    python -m journeykit.incremental_check <full.duckdb> <incremental.duckdb>

Tables are compared as multisets of rows (DuckDB `except all` both ways). A table with doubles whose
rows differ there is compared again row for row after sorting, doubles to 1e-9 relative
(journeykit.spark_parity.compare_rows): parallel sums may differ in the last bits between two builds.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from journeykit.spark_parity import compare_rows, duckdb_tables

COMPARED_SCHEMAS = ("config", "staging", "intermediate", "marts")
"""The schemas whose every table must be equal (landing views point at the files of their own run)."""

SHOWN_DIFFERENCES = 3
FLOAT_TYPES = ("DOUBLE", "FLOAT", "REAL")


@dataclass
class TableComparison:
    """One table of both warehouses: row counts and the rows found in one only."""

    table: str
    full_rows: int | None
    incremental_rows: int | None
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def raw_cut(raw_dir: Path, out_dir: Path, loaded_before: str | None) -> dict[str, int]:
    """Writes the raw parquet files of raw_dir as they stood before loaded_before (rows with
    loaded_at < loaded_before; rows without a parseable loaded_at are in every cut), or whole
    when loaded_before is None. Returns the rows written per table."""
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.sql("set TimeZone = 'UTC'")
    written: dict[str, int] = {}
    for path in sorted(raw_dir.glob("*.parquet")):
        where = ""
        if loaded_before is not None:
            where = (
                " where coalesce(try_cast(loaded_at as timestamp)"
                f" < cast('{loaded_before}' as timestamp), true)"
            )
        target = out_dir / path.name
        con.sql(f"copy (select * from read_parquet('{path}'){where}) to '{target}' (format parquet)")
        row = con.sql(f"select count(*) from read_parquet('{target}')").fetchone()
        written[path.stem] = int(row[0]) if row else 0
    con.close()
    return written


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    return {row[0]: row[1] for row in con.sql(f"describe select * from {table}").fetchall()}


def _select(columns: dict[str, str], table: str) -> str:
    return "select " + ", ".join('"' + name.replace('"', '""') + '"' for name in columns) + f" from {table}"


def _differences_with_tolerance(
    con: duckdb.DuckDBPyConnection, columns: dict[str, str], first: str, second: str
) -> list[str]:
    float_positions = [position for position, data_type in enumerate(columns.values())
                       if data_type.upper() in FLOAT_TYPES]
    return compare_rows(
        con.sql(_select(columns, first)).fetchall(), con.sql(_select(columns, second)).fetchall(), float_positions
    )


def compare_warehouses(full: Path, incremental: Path) -> list[TableComparison]:
    """Every table and view of COMPARED_SCHEMAS in both warehouses, compared row for row."""
    con = duckdb.connect()
    con.sql("set TimeZone = 'UTC'")
    con.sql(f"attach '{full}' as full_build (read_only)")
    con.sql(f"attach '{incremental}' as incremental_build (read_only)")
    full_tables = duckdb_tables(con, COMPARED_SCHEMAS, "full_build")
    incremental_tables = duckdb_tables(con, COMPARED_SCHEMAS, "incremental_build")
    results = []
    for table in sorted(set(full_tables) | set(incremental_tables)):
        if table not in incremental_tables:
            results.append(TableComparison(table, None, None, ["only in the full build"]))
            continue
        if table not in full_tables:
            results.append(TableComparison(table, None, None, ["only in the incremental build"]))
            continue
        first, second = f"full_build.{table}", f"incremental_build.{table}"
        first_columns, second_columns = _columns(con, first), _columns(con, second)
        counts = [con.sql(f"select count(*) from {name}").fetchone() for name in (first, second)]
        result = TableComparison(table, *(int(row[0]) if row else 0 for row in counts))
        if first_columns != second_columns:
            result.problems.append(f"columns differ: full {first_columns}, incremental {second_columns}")
            results.append(result)
            continue
        if result.full_rows != result.incremental_rows:
            result.problems.append(f"row counts differ: full {result.full_rows}, incremental {result.incremental_rows}")
        found = []
        for label, left, right in (("full only", first, second), ("incremental only", second, first)):
            query = f"{_select(first_columns, left)} except all {_select(first_columns, right)}"
            missing = con.sql(f"select count(*) from ({query})").fetchone()
            missing_rows = int(missing[0]) if missing else 0
            if missing_rows:
                examples = con.sql(f"{query} limit {SHOWN_DIFFERENCES}").fetchall()
                found.append(f"{missing_rows} rows {label}, e.g.")
                found.extend(f"  {row!r}"[:600] for row in examples)
        has_floats = any(data_type.upper() in FLOAT_TYPES for data_type in first_columns.values())
        if found and has_floats and result.full_rows == result.incremental_rows:
            differing = _differences_with_tolerance(con, first_columns, first, second)
            found = [f"{len(differing)} rows differ beyond 1e-9 after sorting, e.g."] + [
                f"  {line}"[:600] for line in differing[:SHOWN_DIFFERENCES]] if differing else []
        result.problems.extend(found)
        results.append(result)
    con.close()
    return results


def report(results: list[TableComparison], out: object = sys.stdout) -> int:
    """Prints the failing tables and a summary line; returns the number of failures."""
    failed = [result for result in results if not result.passed]
    for result in failed:
        print(f"FAIL {result.table}", file=out)  # type: ignore[call-overload]
        for problem in result.problems:
            print(f"    {problem}", file=out)  # type: ignore[call-overload]
    print(f"incremental equality: {len(results) - len(failed)} passed, {len(failed)} failed", file=out)  # type: ignore[call-overload]
    return len(failed)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("full", type=Path)
    parser.add_argument("incremental", type=Path)
    args = parser.parse_args(argv)
    return 1 if report(compare_warehouses(args.full, args.incremental)) else 0


if __name__ == "__main__":
    raise SystemExit(main())
