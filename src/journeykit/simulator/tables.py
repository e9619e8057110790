"""Shared finishing step of the smaller landing tables: timestamp text, emails, defects, loaded_at."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from . import config as C
from .dirty import (TS_BAD, TS_ISO_Z, TS_OFFSET, DefectLog, display_offset, duplicate_rows, email_variant,
                    exclusive_defects, timestamp_formats, with_duplicates)
from .util import exact_count, pick_exact
from .parquet_io import CONTRACT_COLUMNS, ms_to_timestamp, write_table
from .strings import PersonStrings, take, timestamp_text


@dataclass
class Draft:
    """A landing table before dirty data: columns plus the facts needed to dirty it."""

    name: str
    ids: pa.Array
    columns: dict[str, pa.Array]
    ts_col: str
    ts_ms: np.ndarray
    tz_min: np.ndarray
    loaded_ms: np.ndarray
    email_person: np.ndarray | None = None
    quarantine: np.ndarray = field(default_factory=lambda: np.empty(0, np.int8))
    other_defects: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))

    @property
    def n(self) -> int:
        """Number of rows."""
        return len(self.ids)


def plan_quarantine(rng: np.random.Generator, n: int, extra: dict[str, float] | None = None,
                    eligible: np.ndarray | None = None) -> tuple[np.ndarray, list[str]]:
    """Exclusive quarantine-worthy defect codes for a small table (unparseable timestamps + ``extra``)."""
    rates = {"unparseable_timestamp": C.UNPARSEABLE_TS_RATE_OTHER} | (extra or {})
    ok = np.ones(n, dtype=bool) if eligible is None else eligible
    return exclusive_defects(rng, ok, rates), list(rates)


def finish(con: duckdb.DuckDBPyConnection, rng: np.random.Generator, d: Draft, names: list[str],
           ps: PersonStrings, log: DefectLog, out_dir: Path, late_rate: float = 0.0, dup_rate: float = 0.0) -> int:
    """Apply timestamp formats, messy emails and the quarantine codes; log defects; write the table.

    ``names`` are the quarantine defects behind the codes in ``d.quarantine`` (``unparseable_timestamp``
    and ``future_timestamp`` are handled here, others must already be applied to the columns).
    """
    n = d.n
    q = d.quarantine if len(d.quarantine) else np.zeros(n, np.int8)
    fmt = timestamp_formats(rng, n)
    bad = q == 1 + names.index("unparseable_timestamp")
    fmt[bad] = TS_BAD
    future = q == (1 + names.index("future_timestamp") if "future_timestamp" in names else -1)
    fmt[future] = TS_ISO_Z
    shown = d.ts_ms + np.where(future, rng.integers(2 * 365, 5 * 365, n) * C.DAY_MS, 0)
    cols = dict(d.columns)
    cols[d.ts_col] = timestamp_text(con, shown, fmt, display_offset(d.tz_min),
                                    rng.integers(0, len(C.UNPARSEABLE_TS_VALUES), n))
    late = np.zeros(n, dtype=bool)
    if late_rate > 0:
        late[pick_exact(rng, ~bad & ~future, exact_count(late_rate, n))] = True
        d.loaded_ms = np.where(late, d.ts_ms + rng.integers(1 * C.DAY_MS, 10 * C.DAY_MS, n), d.loaded_ms)
        log.add(d.name, d.ids, late, "late_arriving")
    messy = np.zeros(n, dtype=bool)
    if d.email_person is not None:
        variant = email_variant(rng, n)
        has = d.email_person >= 0
        cols["email"] = take(ps.email_variants, np.where(has, d.email_person * 4 + variant, -1))
        messy = has & (variant > 0)
        log.add(d.name, d.ids, messy, "mixed_case_email")
    cols["loaded_at"] = ms_to_timestamp(d.loaded_ms)
    for i, name in enumerate(names):
        log.add(d.name, d.ids, q == i + 1, name)
    offset = fmt == TS_OFFSET
    log.add(d.name, d.ids, offset, "offset_timestamp")
    table = pa.table({c: cols[c] for c in CONTRACT_COLUMNS[d.name]})
    if dup_rate > 0:
        other = d.other_defects if len(d.other_defects) else np.zeros(n, bool)
        clean = (q == 0) & ~late & ~messy & ~offset & ~other
        idx, copies = duplicate_rows(rng, clean, dup_rate)
        log.add_duplicates(d.name, d.ids, idx, copies)
        table = table.take(pa.array(with_duplicates(n, rng, idx, copies)))
    return write_table(table, out_dir / f"{d.name}.parquet")
