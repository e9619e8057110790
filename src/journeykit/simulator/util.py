"""Vectorised helpers shared by the simulation phases (random streams, grouping, id strings)."""

from __future__ import annotations

import zlib
from collections.abc import Sequence

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


def _hex_lut(upper: bool) -> np.ndarray:
    """uint32 lookup table: a little-endian uint16 -> its 4 hex characters in memory order."""
    digits = np.frombuffer(b"0123456789ABCDEF" if upper else b"0123456789abcdef", dtype=np.uint8).astype(np.uint32)
    v = np.arange(65536, dtype=np.uint32)
    b0, b1 = v & 255, v >> 8
    return digits[b0 >> 4] | (digits[b0 & 15] << 8) | (digits[b1 >> 4] << 16) | (digits[b1 & 15] << 24)


_HEX_LUT = {False: _hex_lut(False), True: _hex_lut(True)}


def fixed_width_strings(chars: np.ndarray) -> pa.StringArray:
    """Arrow string array from an (n, width) uint8 matrix of ASCII codes (no copy of the text)."""
    n, width = chars.shape
    data = np.ascontiguousarray(chars)
    if n * width < 2**31 - 1:
        offsets32 = np.arange(0, (n + 1) * width, width, dtype=np.int32)
        return pa.StringArray.from_buffers(n, pa.py_buffer(offsets32), pa.py_buffer(data))
    offsets = np.arange(0, (n + 1) * width, width, dtype=np.int64)
    return pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data))


def uuid_strings(rng: np.random.Generator, n: int, upper: bool = False) -> pa.StringArray:
    """``n`` random version-4 style UUID strings, built with numpy only (chunked to bound memory)."""
    lut = _HEX_LUT[upper]
    raw = rng.integers(0, 2**63, size=(n, 2), dtype=np.int64)
    out = np.empty((n, 36), dtype=np.uint8)
    chunk = 1 << 20
    for lo in range(0, n, chunk):
        hi = min(n, lo + chunk)
        words = raw[lo:hi].view(np.uint16).reshape(hi - lo, 8).astype(np.intp)
        ch = lut[words].view(np.uint8).reshape(hi - lo, 32)
        o = out[lo:hi]
        o[:, 0:8] = ch[:, 0:8]
        o[:, 9:13] = ch[:, 8:12]
        o[:, 14:18] = ch[:, 12:16]
        o[:, 19:23] = ch[:, 16:20]
        o[:, 24:36] = ch[:, 20:32]
    out[:, [8, 13, 18, 23]] = ord("-")
    out[:, 14] = ord("4")
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
