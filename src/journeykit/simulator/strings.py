"""Entity-level string pools (ids, emails, names, URLs, utm values) built with numpy, pyarrow and DuckDB.

Raw tables reference these pools by integer index, so strings are built once per entity rather
than once per row.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import catalog as cat
from . import config as C
from .util import token_strings, uuid_strings, IntArray

N_UTM_VARIANTS = 5


def take(pool: pa.Array, idx: np.ndarray) -> pa.Array:
    """``pool[idx]`` with nulls where ``idx < 0``."""
    idx = np.asarray(idx)
    mask = idx < 0
    arr = pa.array(np.where(mask, 0, idx).astype(np.int64), mask=mask if mask.any() else None)
    return pool.take(arr)


def utm_variant(value: str | None, variant: int) -> str | None:
    """A hand-typed variant of a utm value: 0 clean, 1 Title_Case, 2 spaced+padded, 3 UPPER, 4 'Title Case'."""
    if value is None or variant == 0:
        return value
    words = value.split("_")
    if variant == 1:
        return "_".join(w.capitalize() for w in words)
    if variant == 2:
        return " " + " ".join(words) + " "
    if variant == 3:
        return value.upper()
    return " ".join(w.capitalize() for w in words)


@dataclass
class UtmPools:
    """utm_source/medium/campaign strings per (source, variant): index ``source * 5 + variant``."""

    source: pa.Array
    medium: pa.Array
    campaign: pa.Array


def utm_pools(sources: list[cat.Source]) -> UtmPools:
    """Build utm value pools for every source and messy variant."""
    def pool(attr: str) -> pa.Array:
        return pa.array([utm_variant(getattr(s, attr), v) for s in sources for v in range(N_UTM_VARIANTS)],
                        pa.string())
    return UtmPools(pool("utm_source"), pool("utm_medium"), pool("utm_campaign"))


@dataclass
class PersonStrings:
    """Per-person strings: user ids, email variants (4 per person), names and companies."""

    user_id: pa.Array
    email_variants: pa.Array
    email_canonical: pa.Array
    first_name: pa.Array
    last_name: pa.Array
    company: pa.Array


def person_strings(con: duckdb.DuckDBPyConnection, rng: np.random.Generator, first: IntArray, last: IntArray,
                   company: IntArray, personal: np.ndarray, bad: np.ndarray, has_account: np.ndarray,
                   ) -> PersonStrings:
    """Emails are unique per person; variant 0 is the canonical (trimmed, lower-case) form."""
    n = len(first)
    comp_name = (np.array(cat.COMPANY_PREFIXES)[company % len(cat.COMPANY_PREFIXES)].astype(object)
                 + np.array(cat.COMPANY_SUFFIXES)[(company // 20) % len(cat.COMPANY_SUFFIXES)].astype(object)
                 + " " + np.array(cat.COMPANY_KINDS)[(company // 240) % len(cat.COMPANY_KINDS)].astype(object))
    legal = np.array(cat.COMPANY_LEGAL)[(company // 7) % len(cat.COMPANY_LEGAL)].astype(object)
    tbl = pa.table({
        "pid": np.arange(n, dtype=np.int64),
        "first": pa.array(np.array(cat.FIRST_NAMES)[first]),
        "last": pa.array(np.array(cat.LAST_NAMES)[last]),
        "company": pa.array((comp_name + legal).astype(str)),
        "company_slug": pa.array(comp_name.astype(str)),
        "personal": personal,
        "domain_pick": rng.integers(0, len(cat.PERSONAL_DOMAINS), n),
        "typo_pick": rng.integers(0, len(cat.TYPO_DOMAINS), n),
        "bad": bad,
        "num": rng.integers(1, 9999, n),
    })
    con.register("_people", tbl)
    personal_domains = "[" + ",".join(f"'{d}'" for d in cat.PERSONAL_DOMAINS) + "]"
    typo_domains = "[" + ",".join(f"'{d}'" for d in cat.TYPO_DOMAINS) + "]"
    res = con.execute(f"""
        WITH base AS (
            SELECT pid, first, last, company,
                   strip_accents(first) AS f_ascii,
                   regexp_replace(strip_accents(last), '[^A-Za-z]', '', 'g') AS l_ascii,
                   CASE WHEN bad THEN {typo_domains}[typo_pick + 1]
                        WHEN personal THEN {personal_domains}[domain_pick + 1]
                        ELSE lower(regexp_replace(company_slug, '[^A-Za-z]', '', 'g')) || '.com' END AS domain,
                   personal OR bad AS numbered, num
            FROM _people
        ), named AS (
            SELECT *, f_ascii || '.' || l_ascii || CASE WHEN numbered THEN num::VARCHAR ELSE '' END AS local_mixed
            FROM base
        ), ranked AS (
            SELECT *, row_number() OVER (PARTITION BY lower(local_mixed || '@' || domain) ORDER BY pid) AS dup
            FROM named
        ), final AS (
            SELECT *, local_mixed || CASE WHEN dup > 1 THEN '.' || pid::VARCHAR ELSE '' END || '@' || domain AS mixed
            FROM ranked
        )
        SELECT pid, first, last, company, lower(mixed) AS canonical, mixed FROM final ORDER BY pid
    """).to_arrow_table()
    con.unregister("_people")
    canonical = res["canonical"].combine_chunks()
    mixed = res["mixed"].combine_chunks()
    padded = pc.binary_join_element_wise(pa.array(["  "] * n), canonical, pa.array([" "] * n), "")
    upper = pc.utf8_upper(canonical)
    variants = pa.concat_arrays([canonical, mixed, padded, upper])
    # interleave: index person * 4 + variant
    order = (np.arange(n)[:, None] + np.arange(4)[None, :] * n).reshape(-1)
    variants = variants.take(pa.array(order))
    uid_num = 1_000_000 + rng.permutation(n)
    user_id = pa.array(np.char.add("usr_", uid_num.astype(str)), pa.string(), mask=~np.asarray(has_account, bool))
    return PersonStrings(user_id=user_id, email_variants=variants, email_canonical=canonical,
                         first_name=res["first"].combine_chunks(), last_name=res["last"].combine_chunks(),
                         company=res["company"].combine_chunks())


def anonymous_ids(rng: np.random.Generator, profile: IntArray) -> pa.Array:
    """Cookie ids for browsers (uuid), IDFV for iOS apps (upper-case uuid), Android ids (16 hex)."""
    n = len(profile)
    platform = np.array([p.platform for p in cat.ALL_PROFILES])[profile]
    lower = uuid_strings(rng, n)
    upper = uuid_strings(rng, n, upper=True)
    android = token_strings(rng, n, 16, hexdigits=True)
    out = pc.if_else(pa.array(platform == "ios"), upper, pc.if_else(pa.array(platform == "android"), android, lower))
    return out


def click_tokens(rng: np.random.Generator, click_type: np.ndarray) -> pa.Array:
    """Ad click ids per visit (null where the visit has no click id)."""
    n = len(click_type)
    kinds = (("gclid", 40, "Cj0KCQ", False), ("fbclid", 48, "IwAR", False), ("msclkid", 32, "", True))
    pool: list[pa.Array] = []
    idx = np.full(n, -1, dtype=np.int64)
    offset = 0
    for name, length, prefix, hexd in kinds + (("li_fat_id", 0, "", False),):
        sel = np.flatnonzero(click_type == name)
        tokens = uuid_strings(rng, len(sel)) if name == "li_fat_id" else token_strings(rng, len(sel), length,
                                                                                          prefix, hexd)
        pool.append(tokens.cast(pa.string()))
        idx[sel] = offset + np.arange(len(sel))
        offset += len(sel)
    return take(pa.concat_arrays(pool), idx)


def timestamp_text(con: duckdb.DuckDBPyConnection, ms: np.ndarray, fmt: np.ndarray, tz_min: np.ndarray,
                   bad: np.ndarray) -> pa.Array:
    """Timestamps as text: 0 ISO 'Z' with ms, 1 no offset (UTC), 2 local time + offset, 3 unparseable."""
    bad_values = "[" + ",".join(f"'{v}'" for v in C.UNPARSEABLE_TS_VALUES) + "]"
    tbl = pa.table({"ms": np.asarray(ms, np.int64), "fmt": np.asarray(fmt, np.int8),
                    "tz": np.asarray(tz_min, np.int32), "bad": np.asarray(bad, np.int32)})
    con.register("_ts", tbl)
    out = con.execute(f"""
        SELECT CASE fmt
            WHEN 0 THEN strftime(epoch_ms(ms), '%Y-%m-%dT%H:%M:%S.%gZ')
            WHEN 1 THEN strftime(epoch_ms(ms), '%Y-%m-%d %H:%M:%S')
            WHEN 2 THEN strftime(epoch_ms(ms + tz * 60000), '%Y-%m-%d %H:%M:%S')
                        || CASE WHEN tz < 0 THEN '-' ELSE '+' END
                        || lpad((abs(tz) // 60)::VARCHAR, 2, '0') || ':' || lpad((abs(tz) % 60)::VARCHAR, 2, '0')
            ELSE {bad_values}[bad + 1] END AS t
        FROM _ts
    """).to_arrow_table()["t"].combine_chunks()
    con.unregister("_ts")
    return out


def iso_z(con: duckdb.DuckDBPyConnection, ms: np.ndarray) -> pa.Array:
    """Clean ISO-8601 UTC text (null where ``ms`` is NO_TIME)."""
    ms = np.asarray(ms, np.int64)
    text = timestamp_text(con, np.where(ms >= C.NO_TIME, 0, ms), np.zeros(len(ms), np.int8),
                          np.zeros(len(ms), np.int32), np.zeros(len(ms), np.int32))
    return pc.if_else(pa.array(ms >= C.NO_TIME), pa.nulls(len(ms), pa.string()), text)


def prefixed_ids(rng: np.random.Generator, n: int, prefix: str, length: int) -> pa.Array:
    """Random alphanumeric ids like Salesforce ids (``00Q`` + 15 chars)."""
    return token_strings(rng, n, length, prefix)
