"""Vectorised helpers shared by the simulation phases (random streams, grouping, id strings)."""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence

import numpy as np
import pyarrow as pa

IntArray = np.ndarray
FloatArray = np.ndarray
BoolArray = np.ndarray


def stream(seed: int, name: str) -> np.random.Generator:
    """Independent, reproducible random stream for one named phase of one seed."""
    ss = np.random.SeedSequence(entropy=seed, spawn_key=(zlib.crc32(name.encode("utf-8")),))
    return np.random.Generator(np.random.PCG64(ss))


def categorical(rng: np.random.Generator, n: int, weights: Sequence[float] | np.ndarray) -> IntArray:
    """Draw ``n`` category codes with probabilities proportional to ``weights``."""
    w = np.asarray(weights, dtype=np.float64)
    cum = np.cumsum(w / w.sum())
    cum[-1] = 1.0
    return np.searchsorted(cum, rng.random(n), side="right").astype(np.int32)


def categorical_rows(rng: np.random.Generator, probs: np.ndarray) -> IntArray:
    """One category per row of a (n, k) probability matrix (rows need not be normalised)."""
    cum = np.cumsum(probs, axis=1)
    cum = cum / cum[:, -1:]
    u = rng.random(probs.shape[0])[:, None]
    return np.minimum((u > cum).sum(axis=1), probs.shape[1] - 1).astype(np.int32)


def weighted_keys(rng: np.random.Generator, n: int, weights: Mapping[str, float]) -> tuple[list[str], IntArray]:
    """Draw ``n`` keys from a weight mapping; returns the key list and the drawn positions."""
    keys = list(weights)
    return keys, categorical(rng, n, [weights[k] for k in keys])


def bernoulli(rng: np.random.Generator, p: float | np.ndarray, n: int | None = None) -> BoolArray:
    """Vectorised coin flips with probability ``p`` (scalar with ``n``, or one per element)."""
    if n is None:
        p_arr = np.asarray(p, dtype=np.float64)
        return rng.random(p_arr.shape) < p_arr
    return rng.random(n) < p


def expand(counts: IntArray) -> IntArray:
    """Parent index of every child when parent ``i`` has ``counts[i]`` children."""
    return np.repeat(np.arange(len(counts), dtype=np.int64), counts)


def rank_in_group(counts: IntArray) -> IntArray:
    """0-based position of every child within its parent (children laid out by :func:`expand`)."""
    total = int(np.sum(counts))
    starts = np.cumsum(counts) - counts
    return np.arange(total, dtype=np.int64) - np.repeat(starts, counts)


def group_first_mask(sorted_groups: IntArray) -> BoolArray:
    """True on the first row of each run of equal values in a sorted array."""
    m = np.ones(len(sorted_groups), dtype=bool)
    if len(sorted_groups) > 1:
        m[1:] = sorted_groups[1:] != sorted_groups[:-1]
    return m


def group_cumsum(values: np.ndarray, sorted_groups: IntArray) -> np.ndarray:
    """Cumulative sum of ``values`` restarting at each new group (rows sorted by group)."""
    cs = np.cumsum(values)
    first = group_first_mask(sorted_groups)
    starts = np.flatnonzero(first)
    base = cs[starts] - values[starts]
    run = np.cumsum(first) - 1
    return cs - base[run]


def pick_exact(rng: np.random.Generator, eligible: BoolArray, count: int) -> IntArray:
    """Choose exactly ``count`` (or all, if fewer) eligible positions, returned sorted."""
    idx = np.flatnonzero(eligible)
    count = min(count, len(idx))
    if count <= 0:
        return np.empty(0, dtype=np.int64)
    return np.sort(rng.choice(idx, size=count, replace=False))


def exact_count(rate: float, n: int) -> int:
    """Number of rows a rate stands for (rounded, deterministic)."""
    return int(round(rate * n))


_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
_ALNUM = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", dtype=np.uint8)


def fixed_width_strings(chars: np.ndarray) -> pa.StringArray:
    """Arrow string array from an (n, width) uint8 matrix of ASCII codes (no copy of the text)."""
    n, width = chars.shape
    data = np.ascontiguousarray(chars)
    offsets = np.arange(0, (n + 1) * width, width, dtype=np.int64)
    return pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data)).cast(pa.string())


def uuid_strings(rng: np.random.Generator, n: int, upper: bool = False) -> pa.StringArray:
    """``n`` random version-4 style UUID strings, built with numpy only."""
    raw = rng.integers(0, 2**63, size=(n, 2), dtype=np.int64).view(np.uint8).reshape(n, 16)
    hi = raw >> 4
    lo = raw & 15
    nib = np.empty((n, 32), dtype=np.uint8)
    nib[:, 0::2] = hi
    nib[:, 1::2] = lo
    nib[:, 12] = 4
    nib[:, 16] = 8 + (nib[:, 16] & 3)
    hexchars = _HEX[nib] if not upper else np.frombuffer(b"0123456789ABCDEF", dtype=np.uint8)[nib]
    out = np.empty((n, 36), dtype=np.uint8)
    out[:, 0:8] = hexchars[:, 0:8]
    out[:, 9:13] = hexchars[:, 8:12]
    out[:, 14:18] = hexchars[:, 12:16]
    out[:, 19:23] = hexchars[:, 16:20]
    out[:, 24:36] = hexchars[:, 20:32]
    out[:, [8, 13, 18, 23]] = ord("-")
    return fixed_width_strings(out)


def token_strings(rng: np.random.Generator, n: int, length: int, prefix: str = "", hexdigits: bool = False,
                  ) -> pa.StringArray:
    """``n`` random tokens (alphanumeric or lowercase hex) of fixed length after ``prefix``."""
    alphabet = _HEX if hexdigits else _ALNUM
    body = alphabet[rng.integers(0, len(alphabet), size=(n, length))]
    pre = np.frombuffer(prefix.encode("ascii"), dtype=np.uint8)
    out = np.empty((n, len(pre) + length), dtype=np.uint8)
    out[:, : len(pre)] = pre
    out[:, len(pre):] = body
    return fixed_width_strings(out)


def lognormal_ms(rng: np.random.Generator, n: int, median_s: float, sigma: float, lo_s: float, hi_s: float,
                 ) -> IntArray:
    """Log-normal durations in milliseconds with the given median (seconds), clipped to [lo, hi]."""
    x = np.exp(np.log(median_s) + sigma * rng.standard_normal(n))
    return (np.clip(x, lo_s, hi_s) * 1000).astype(np.int64)
