"""Row-for-row checks of a tracker-format build against the native build of the same population: the
tracker build's connection has the native warehouse attached as `native` (the parity tests' fixtures)."""

from __future__ import annotations

import math

import duckdb

RELATIVE_TOLERANCE = 1e-9


def values_close(left: object, right: object) -> bool:
    if isinstance(left, float) and isinstance(right, float):
        return math.isclose(left, right, rel_tol=RELATIVE_TOLERANCE, abs_tol=1e-12)
    return left == right


def same_rows(connection: duckdb.DuckDBPyConnection, relation: str, columns: str = "*", where: str = "true") -> int:
    """Asserts the relation holds the same rows in both builds (doubles to 1e-9); returns the row count."""
    tracker = sorted(connection.execute(f"select {columns} from {relation} where {where}").fetchall(), key=repr)
    native = sorted(connection.execute(f"select {columns} from native.{relation} where {where}").fetchall(), key=repr)
    assert len(tracker) == len(native), relation
    for tracker_row, native_row in zip(tracker, native):
        assert all(values_close(a, b) for a, b in zip(tracker_row, native_row)), (relation, tracker_row, native_row)
    return len(tracker)


def columns_but(connection: duckdb.DuckDBPyConnection, relation: str, left_out: set[str]) -> str:
    """The relation's columns, comma-separated, without those left out."""
    names = [row[0] for row in connection.execute(f"describe {relation}").fetchall()]
    return ", ".join(name for name in names if name not in left_out)
