"""The ``events`` landing table: strings from pools, dirty data, duplicates, chunked Parquet output."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from . import catalog as cat
from . import config as C
from .dirty import (TS_BAD, TS_ISO_Z, TS_OFFSET, DefectLog, display_offset, duplicate_rows, email_variant,
                    exclusive_defects, load_lag_ms, timestamp_formats, with_duplicates)
from .devices import ua_pool
from .events import EVENT_KINDS, FLAG_EMAIL, FLAG_LOGIN, K, UNKNOWN_KINDS
from .parquet_io import CONTRACT_COLUMNS, CHUNK_ROWS, ChunkedWriter, DictPool, ms_to_timestamp
from .strings import N_UTM_VARIANTS, PersonStrings, UtmPools, click_tokens, take, timestamp_text
from .visits import KIND_MOBILE
from .world import World
from .util import bernoulli, exact_count, pick_exact, uuid_strings, stream

NAME_POOL = EVENT_KINDS + ("pageview", "Page Viewed", "Demo Requested", "signup")


@dataclass
class EventStrings:
    """Pools shared by the events table and the truth tables."""

    event_id: pa.Array
    url_pool: pa.Array
    n_pages: int
    landing_pos: np.ndarray   # per visit: position in the landing-URL part of url_pool, or -1
    click_id: pa.Array        # per visit


def _landing_urls(con: duckdb.DuckDBPyConnection, w: World, utm: UtmPools, click_id: pa.Array,
                  tagged: np.ndarray) -> pa.Array:
    """Landing URL with its query string (utm tags + click id) for every tagged visit."""
    v = w.visits
    vi = np.flatnonzero(tagged)
    src_var = v.source[vi].astype(np.int64) * N_UTM_VARIANTS + v.messy[vi]
    page_urls = pa.array([u for u, _ in cat.PAGES])
    click_type = np.array([s.click_type or "" for s in w.sources])[v.source[vi]]
    tbl = pa.table({
        "base": take(page_urls, v.landing[vi]),
        "s": take(utm.source, src_var), "m": take(utm.medium, src_var), "c": take(utm.campaign, src_var),
        "content": take(pa.array(w.pools.contents, pa.string()), v.content[vi]),
        "term": take(pa.array(w.pools.terms, pa.string()), v.term[vi]),
        "ctype": pa.array(click_type), "cid": click_id.take(pa.array(vi)),
    })
    con.register("_landing", tbl)
    out = con.execute("""
        SELECT base || '?' || concat_ws('&',
            'utm_source=' || replace(s, ' ', '%20'), 'utm_medium=' || replace(m, ' ', '%20'),
            'utm_campaign=' || replace(c, ' ', '%20'), 'utm_content=' || replace(content, ' ', '%20'),
            'utm_term=' || replace(term, ' ', '+'),
            CASE WHEN cid IS NOT NULL THEN ctype || '=' || cid END) AS url
        FROM _landing
    """).to_arrow_table()["url"].combine_chunks()
    con.unregister("_landing")
    return out


def write_events(con: duckdb.DuckDBPyConnection, w: World, ps: PersonStrings, anon: pa.Array, utm: UtmPools,
                 order_props: pa.Array, log: DefectLog, path: Path,
                 with_clock: bool = False) -> tuple[int, EventStrings]:
    """Assemble and write ``events``; returns the row count and pools needed by the truth tables.

    ``with_clock`` adds two columns for the tracker formats (see :mod:`.segment`): ``_event_ms``, the
    instant the native ``event_at`` text reads as (epoch ms; whole seconds where its format has no
    milliseconds), and ``_clock_defect``, true where that text is unparseable or in the future.
    """
    rng = stream(w.cfg.seed, "raw_events")
    ev, vis, ppl, dev = w.events, w.visits, w.people, w.devices
    n = ev.n
    person = w.event_person
    device = vis.device[ev.visit]
    visit = ev.visit
    kind = ev.kind

    # --- pools per visit: click ids, landing URLs ---------------------------------------------
    click_type_src = np.array([s.click_type or "" for s in w.sources])
    click_id = click_tokens(rng, click_type_src[vis.source])  # per visit, null without a click id
    tagged = np.array([s.utm_source is not None or s.click_type is not None for s in w.sources])[vis.source]
    landing_pos = np.full(vis.n, -1, dtype=np.int64)
    landing_pos[tagged] = np.arange(int(tagged.sum()))
    landing_urls = _landing_urls(con, w, utm, click_id, tagged)
    page_urls = pa.array([u for u, _ in cat.PAGES], pa.string())
    n_pages = len(page_urls)
    url_pool = pa.concat_arrays([page_urls, landing_urls, pa.array(w.pools.referrers, pa.string())])
    ext_offset = n_pages + len(landing_urls)

    # --- page and referrer codes ----------------------------------------------------------------
    is_pv = kind == K["page_view"]
    gov = np.maximum.accumulate(np.where(is_pv, np.arange(n), 0))
    first_ev = ev.first_in_visit[visit]
    on_landing = (gov == first_ev) & tagged[visit]
    page_code = np.where(on_landing, n_pages + landing_pos[visit], ev.page.astype(np.int64))
    pv_idx = np.flatnonzero(is_pv)
    first_pv = pv_idx == first_ev[pv_idx]
    prev_code = np.empty(len(pv_idx), dtype=np.int64)
    prev_code[1:] = page_code[pv_idx[:-1]]
    prev_code[0] = -1
    ext = np.where(vis.referrer[visit[pv_idx]] >= 0, ext_offset + vis.referrer[visit[pv_idx]], -1)
    pv_ref = np.where(first_pv, ext, prev_code)
    pv_ordinal = np.cumsum(is_pv) - 1
    ref_code = pv_ref[pv_ordinal[gov]]
    ref_code = np.where(vis.kind[visit] == KIND_MOBILE, -1, ref_code)
    del gov, pv_idx, first_pv, prev_code, ext, pv_ref, pv_ordinal

    # --- identifiers, logged-in state, emails -------------------------------------------------
    is_bot = ppl.is_bot[person]
    has_email = (ev.flags & FLAG_EMAIL) > 0
    logged = (vis.logged_in[visit] | ((ev.flags & FLAG_LOGIN) > 0)) & (w.t_account[person] < C.NO_TIME) & ~is_bot
    q = exclusive_defects(rng, ~is_bot, {"unparseable_timestamp": C.UNPARSEABLE_TS_RATE_EVENTS,
                                         "future_timestamp": C.FUTURE_TS_RATE})
    missing = np.zeros(n, dtype=bool)
    missing[pick_exact(rng, ~is_bot & (q == 0) & ~has_email, exact_count(C.MISSING_IDENTIFIER_RATE, n))] = True
    unparseable, future = q == 1, q == 2
    quarantined = unparseable | future | missing | is_bot
    junk = np.zeros(n, dtype=bool)
    junk[pick_exact(rng, ~quarantined, exact_count(C.JUNK_IDENTIFIER_RATE, n))] = True
    n_junk = len(C.JUNK_ID_VALUES)
    junk_val = rng.integers(0, n_junk, n)
    anon_idx = np.where((junk & logged) | missing, dev.n + junk_val, device)
    user_idx = np.where(logged, person, -1)
    user_idx = np.where(junk & ~logged, ppl.n + junk_val, user_idx)
    user_idx = np.where(missing, np.where(bernoulli(rng, 0.5, n), ppl.n + junk_val, -1), user_idx)
    variant = email_variant(rng, n)
    email_idx = np.where(has_email, person * 4 + variant, -1)
    messy_email = has_email & (variant > 0)

    # --- timestamps ----------------------------------------------------------------------------
    fmt = timestamp_formats(rng, n)
    fmt[unparseable] = TS_BAD
    fmt[future] = TS_ISO_Z
    shown = ev.ts + np.where(future, rng.integers(2 * 365, 5 * 365, n) * C.DAY_MS, 0)
    tz = display_offset(ppl.tz_min[person])
    event_at = timestamp_text(con, shown, fmt, tz, rng.integers(0, len(C.UNPARSEABLE_TS_VALUES), n))
    late = np.zeros(n, dtype=bool)
    late[pick_exact(rng, ~future & ~unparseable, exact_count(C.LATE_ARRIVAL_RATE, n))] = True
    loaded = ev.ts + np.where(late, rng.integers(1 * C.DAY_MS, 10 * C.DAY_MS, n), load_lag_ms(rng, n))
    read_ms = np.where(fmt == TS_ISO_Z, shown, shown // 1000 * 1000) if with_clock else None
    del shown

    # --- names with tracker variants --------------------------------------------------------------
    name = kind.astype(np.int64)
    u = rng.random(n)
    p_pageview = C.PAGE_VIEW_VARIANTS["pageview"]
    p_viewed = p_pageview + C.PAGE_VIEW_VARIANTS["Page Viewed"]
    pv_var = np.where(u < p_pageview, NAME_POOL.index("pageview"),
                      np.where(u < p_viewed, NAME_POOL.index("Page Viewed"), -1))
    name = np.where(is_pv & (pv_var >= 0), pv_var, name)
    name = np.where((kind == K["demo_request"]) & (u < C.DEMO_REQUEST_VARIANTS["Demo Requested"]),
                    NAME_POOL.index("Demo Requested"), name)
    name = np.where((kind == K["sign_up"]) & (u < C.SIGN_UP_VARIANTS["signup"]), NAME_POOL.index("signup"), name)

    # --- utm / click columns (only on the landing page of tagged visits) ----------------------------
    src_var = np.where(on_landing, vis.source[visit].astype(np.int64) * N_UTM_VARIANTS + vis.messy[visit], -1)
    messy_utm = on_landing & (vis.messy[visit] > 0) & np.array(
        [s.utm_source is not None for s in w.sources])[vis.source[visit]]
    content_idx = np.where(on_landing, vis.content[visit], -1)
    term_idx = np.where(on_landing, vis.term[visit], -1)
    click_idx = np.where(on_landing & (click_type_src[vis.source[visit]] != ""), visit, -1)
    ctype_pool = pa.array(["gclid", "fbclid", "li_fat_id", "msclkid"])
    ctype_code = {"": -1, "gclid": 0, "fbclid": 1, "li_fat_id": 2, "msclkid": 3}
    ctype_idx = np.where(click_idx >= 0, np.array([ctype_code[c] for c in click_type_src])[vis.source[visit]], -1)

    # --- device attributes -------------------------------------------------------------------------
    prof = dev.profile[device]
    profile_pool = {
        "platform": pa.array([p.platform for p in cat.ALL_PROFILES], pa.string()),
        "device_type": pa.array([p.device_type for p in cat.ALL_PROFILES], pa.string()),
        "browser": pa.array([p.browser for p in cat.ALL_PROFILES], pa.string()),
        "os": pa.array([p.os for p in cat.ALL_PROFILES], pa.string()),
    }
    ua = pa.array(ua_pool()[0], pa.string())
    ua_idx = dev.ua[device]
    country_pool = pa.array([c[0] for c in cat.COUNTRIES], pa.string())
    props_pool = pa.concat_arrays([pa.array(ev.props.values, pa.string()), order_props])

    # --- defect log -------------------------------------------------------------------------------------
    event_id = uuid_strings(rng, n)
    unknown = np.isin(kind, UNKNOWN_KINDS)
    offset = fmt == TS_OFFSET
    for mask, defect in ((is_bot, "bot"), (unparseable, "unparseable_timestamp"), (future, "future_timestamp"),
                         (missing, "missing_identifier"), (junk, "junk_identifier"), (late, "late_arriving"),
                         (unknown, "unknown_event_name"), (messy_email, "mixed_case_email"),
                         (offset, "offset_timestamp"), (messy_utm, "messy_utm")):
        log.add("events", event_id, mask, defect)
    clean = ~(is_bot | unparseable | future | missing | junk | late | unknown | messy_email | offset | messy_utm)
    dup_idx, dup_copies = duplicate_rows(rng, clean, C.DUPLICATE_EVENT_RATE)
    log.add_duplicates("events", event_id, dup_idx, dup_copies)
    rows = with_duplicates(n, rng, dup_idx, dup_copies)

    # --- write in chunks ----------------------------------------------------------------------------
    anon_pool = pa.concat_arrays([anon, pa.array(C.JUNK_ID_VALUES, pa.string())])
    user_pool = pa.concat_arrays([ps.user_id, pa.array(C.JUNK_ID_VALUES, pa.string())])
    name_pool = pa.array(NAME_POOL, pa.string())
    contents = pa.array(w.pools.contents, pa.string())
    terms = pa.array(w.pools.terms, pa.string())
    cols = CONTRACT_COLUMNS["events"]
    d_name, d_ctype, d_country, d_ua = (DictPool(p) for p in (name_pool, ctype_pool, country_pool, ua))
    d_src, d_med, d_camp, d_content, d_term = (DictPool(p) for p in (utm.source, utm.medium, utm.campaign,
                                                                     contents, terms))
    d_prof = {k: DictPool(v) for k, v in profile_pool.items()}
    writer = ChunkedWriter(path)
    for lo in range(0, len(rows), CHUNK_ROWS):
        r = rows[lo: lo + CHUNK_ROWS]
        rr = pa.array(r)
        pr = prof[r]
        data = {
            "event_id": event_id.take(rr),
            "event_name": d_name.column(name[r]),
            "event_at": event_at.take(rr),
            "loaded_at": ms_to_timestamp(loaded[r]),
            "anonymous_id": take(anon_pool, anon_idx[r]),
            "user_id": take(user_pool, user_idx[r]),
            "email": take(ps.email_variants, email_idx[r]),
            "platform": d_prof["platform"].column(pr),
            "page_url": take(url_pool, page_code[r]),
            "referrer_url": take(url_pool, ref_code[r]),
            "utm_source": d_src.column(src_var[r]),
            "utm_medium": d_med.column(src_var[r]),
            "utm_campaign": d_camp.column(src_var[r]),
            "utm_content": d_content.column(content_idx[r]),
            "utm_term": d_term.column(term_idx[r]),
            "click_id": take(click_id, click_idx[r]),
            "click_id_type": d_ctype.column(ctype_idx[r]),
            "device_type": d_prof["device_type"].column(pr),
            "browser": d_prof["browser"].column(pr),
            "os": d_prof["os"].column(pr),
            "country": d_country.column(ppl.country[person[r]]),
            "user_agent": d_ua.column(ua_idx[r]),
            "properties": take(props_pool, ev.prop[r]),
        }
        if with_clock:
            data["_event_ms"] = pa.array(read_ms[r], pa.int64())
            data["_clock_defect"] = pa.array(unparseable[r] | future[r])
        writer.write(pa.table({c: data[c] for c in cols + (("_event_ms", "_clock_defect") if with_clock else ())}))
    total = writer.close()
    return total, EventStrings(event_id=event_id, url_pool=url_pool, n_pages=n_pages, landing_pos=landing_pos,
                               click_id=click_id)
