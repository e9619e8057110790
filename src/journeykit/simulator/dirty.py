"""Dirty-data planning: which rows get which defect, with exact counts, and the defect log.

Quarantine-worthy defects are assigned *exclusively* (at most one per row) so that expected
quarantine counts are exact. Non-quarantine defects (offsets, messy emails, late arrival ...)
may combine freely.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from . import config as C
from .util import bernoulli, exact_count, pick_exact

QUARANTINE_DEFECTS = ("unparseable_timestamp", "future_timestamp", "missing_identifier", "negative_amount",
                      "unknown_currency", "bot")
ALL_DEFECTS = QUARANTINE_DEFECTS + ("unknown_event_name", "late_arriving", "junk_identifier", "zero_amount",
                                    "mixed_case_email", "offset_timestamp", "messy_utm")
TS_ISO_Z, TS_NAIVE, TS_OFFSET, TS_BAD = 0, 1, 2, 3


def exclusive_defects(rng: np.random.Generator, eligible: np.ndarray, rates: dict[str, float]) -> np.ndarray:
    """Code per row: 0 = none, i + 1 = the i-th defect of ``rates``; exact, disjoint counts among eligible rows.

    Counts are ``round(rate * n_rows)`` where ``n_rows`` is the table size.
    """
    n = len(eligible)
    code = np.zeros(n, dtype=np.int8)
    free = eligible.copy()
    for i, rate in enumerate(rates.values()):
        idx = pick_exact(rng, free, exact_count(rate, n))
        code[idx] = i + 1
        free[idx] = False
    return code


def timestamp_formats(rng: np.random.Generator, n: int) -> np.ndarray:
    """Text format per row: ISO 'Z' (most), no offset (NAIVE_TS_RATE), local + offset (OFFSET_TS_RATE)."""
    u = rng.random(n)
    return np.where(u < C.OFFSET_TS_RATE, TS_OFFSET, np.where(u < C.OFFSET_TS_RATE + C.NAIVE_TS_RATE, TS_NAIVE,
                                                              TS_ISO_Z)).astype(np.int8)


def display_offset(tz_min: np.ndarray) -> np.ndarray:
    """Offset used to *display* a local time: the person's zone, +01:00 for UTC-zoned people."""
    return np.where(tz_min == 0, 60, tz_min)


def email_variant(rng: np.random.Generator, n: int) -> np.ndarray:
    """0 = canonical email; 1-3 = mixed case / padded / upper-case (MESSY_EMAIL_RATE of rows)."""
    messy = bernoulli(rng, C.MESSY_EMAIL_RATE, n)
    return np.where(messy, rng.integers(1, 4, n), 0).astype(np.int8)


def load_lag_ms(rng: np.random.Generator, n: int, mean_minutes: float = 20.0, cap_hours: float = 6.0) -> np.ndarray:
    """Normal load delay: a few seconds to a few hours."""
    lag = 5_000 + rng.exponential(mean_minutes * C.MINUTE_MS, n)
    return np.minimum(lag, cap_hours * C.HOUR_MS).astype(np.int64)


@dataclass
class DefectLog:
    """Accumulates row_defects and duplicates rows for the truth folder."""

    tables: list[str] = field(default_factory=list)
    records: list[pa.Array] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)
    dup_tables: list[str] = field(default_factory=list)
    dup_records: list[pa.Array] = field(default_factory=list)
    dup_copies: list[np.ndarray] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, table: str, record_ids: pa.Array, mask: np.ndarray, defect: str) -> None:
        """Log ``defect`` for every row of ``table`` where ``mask`` is true."""
        if defect not in ALL_DEFECTS:
            raise ValueError(defect)
        idx = np.flatnonzero(mask)
        self.counts.setdefault(table, {})[defect] = self.counts.get(table, {}).get(defect, 0) + len(idx)
        if len(idx) == 0:
            return
        self.tables.append(table)
        self.records.append(record_ids.take(pa.array(idx)))
        self.defects.append(defect)

    def add_duplicates(self, table: str, record_ids: pa.Array, idx: np.ndarray, copies: np.ndarray) -> None:
        """Log extra copies of rows ``idx``."""
        self.counts.setdefault(table, {})["duplicate_rows"] = int(copies.sum())
        self.dup_tables.append(table)
        self.dup_records.append(record_ids.take(pa.array(idx)))
        self.dup_copies.append(copies)

    def row_defects(self) -> pa.Table:
        """The ``row_defects`` truth table."""
        q = set(QUARANTINE_DEFECTS)
        sizes = [len(r) for r in self.records]
        return pa.table({
            "table_name": pa.array(np.repeat(np.array(self.tables, dtype=object), sizes).astype(str)),
            "record_id": pa.concat_arrays(self.records) if self.records else pa.array([], pa.string()),
            "defect": pa.array(np.repeat(np.array(self.defects, dtype=object), sizes).astype(str)),
            "is_quarantine_worthy": pa.array(np.repeat(np.array([d in q for d in self.defects], bool), sizes)),
        })

    def duplicates(self) -> pa.Table:
        """The ``duplicates`` truth table."""
        sizes = [len(r) for r in self.dup_records]
        return pa.table({
            "table_name": pa.array(np.repeat(np.array(self.dup_tables, dtype=object), sizes).astype(str)),
            "record_id": pa.concat_arrays(self.dup_records) if self.dup_records else pa.array([], pa.string()),
            "extra_copies": pa.array(np.concatenate(self.dup_copies) if self.dup_copies else np.empty(0, np.int64),
                                     pa.int64()),
        })


def duplicate_rows(rng: np.random.Generator, clean: np.ndarray, rate: float) -> tuple[np.ndarray, np.ndarray]:
    """Rows to redeliver (chosen among clean rows) and their extra copies (1, sometimes 2)."""
    idx = pick_exact(rng, clean, exact_count(rate, len(clean)))
    copies = np.where(bernoulli(rng, 0.1, len(idx)), 2, 1).astype(np.int64)
    return idx, copies


def with_duplicates(n: int, rng: np.random.Generator, idx: np.ndarray, copies: np.ndarray) -> np.ndarray:
    """Output row order: every row once, extra copies inserted at random later positions."""
    extra = np.repeat(idx, copies)
    rows = np.concatenate([np.arange(n, dtype=np.int64), extra])
    # sort key: original rows keep their place; copies land somewhere after their original
    key = np.concatenate([np.arange(n, dtype=np.float64),
                          extra + 0.5 + rng.random(len(extra)) * np.maximum(n - extra - 1, 0)])
    return rows[np.argsort(key, kind="stable")]
