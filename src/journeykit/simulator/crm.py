"""CRM landing tables: leads (from demo requests, gated content and other sources), opportunities, activities."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from . import catalog as cat
from . import config as C
from .dirty import DefectLog
from .events import K
from .lifecycle import STAGES, price_table
from .parquet_io import money
from .people import LEAD_NEWSLETTER
from .strings import PersonStrings, iso_z, prefixed_ids, take
from .tables import Draft, finish, plan_quarantine
from .texts import CRM_NOTES, contact_values, fill, flatten
from .util import bernoulli, categorical, expand, stream, IntArray
from .world import World

LEAD_SOURCES = ("demo_request", "content_download", "webinar", "event", "outbound", "partner")
LEAD_STATUSES = ("new", "working", "qualified", "disqualified", "converted")
ACTIVITY_TYPES = ("call", "meeting", "email", "note", "stage_change")


@dataclass
class Crm:
    """Ids needed by the truth tables."""

    lead_ids: pa.Array
    lead_person: IntArray
    opp_ids: pa.Array
    opp_person: IntArray


def _first_event_time(w: World, kind: str) -> IntArray:
    ev = w.events
    sel = np.flatnonzero(ev.kind == K[kind])
    out = np.full(w.people.n, C.NO_TIME, dtype=np.int64)
    np.minimum.at(out, w.event_person[sel], ev.ts[sel])
    return out


def write_crm(con: duckdb.DuckDBPyConnection, w: World, ps: PersonStrings, log: DefectLog, out_dir: Path
              ) -> tuple[dict[str, int], Crm]:
    """Write crm_leads, crm_opportunities and crm_activities."""
    rng = stream(w.cfg.seed, "raw_crm")
    ppl, sales, end = w.people, w.sales, w.cfg.end_ms
    n = ppl.n

    # --- leads ---------------------------------------------------------------------------------
    t_demo = _first_event_time(w, "demo_request")
    t_content = _first_event_time(w, "content_download")
    demo_p = np.flatnonzero(t_demo < C.NO_TIME)
    content_p = np.flatnonzero((t_content < C.NO_TIME) & bernoulli(rng, C.P_CONTENT_LEAD_TO_CRM, n))
    other_t = ppl.t_lead + rng.integers(3 * C.DAY_MS, 40 * C.DAY_MS, n)
    other_p = np.flatnonzero((ppl.lead_kind == LEAD_NEWSLETTER) & bernoulli(rng, C.P_NEWSLETTER_LEAD_OTHER_SOURCE, n)
                             & (other_t < end - C.HOUR_MS))
    outbound_t = w.commerce.t_trial + 20 * C.DAY_MS
    outbound_p = np.flatnonzero((w.commerce.t_first_purchase == C.NO_TIME) & (outbound_t < end - C.HOUR_MS)
                                & bernoulli(rng, 0.05, n))
    person = np.concatenate([demo_p, content_p, other_p, outbound_p])
    src = np.concatenate([np.zeros(len(demo_p)), np.ones(len(content_p)),
                          np.array([2, 3, 5])[categorical(rng, len(other_p), (0.5, 0.3, 0.2))],
                          np.full(len(outbound_p), 4)]).astype(np.int64)
    created = np.concatenate([
        t_demo[demo_p] + rng.integers(C.MINUTE_MS, 30 * C.MINUTE_MS, len(demo_p)),
        t_content[content_p] + rng.integers(5 * C.MINUTE_MS, 120 * C.MINUTE_MS, len(content_p)),
        other_t[other_p], outbound_t[outbound_p]])
    m = len(person)
    base = np.array([55, 25, 35, 35, 30, 40])[src] + np.where((src == 0) & ppl.plan_pricing[person], 15, 0)
    score = np.clip(np.round(base + rng.normal(0, 12, m)), 0, 100).astype(np.int64)
    has_opp = np.zeros(n, dtype=bool)
    has_opp[sales.person] = True
    recent = created > end - 7 * C.DAY_MS
    status = categorical(rng, m, (0.0, 0.35, 0.25, 0.40, 0.0))
    status = np.where(recent, 0, status)
    status = np.where((src == 0) & has_opp[person], 4, status)
    order = np.argsort(created, kind="stable")
    person, src, created, score, status = person[order], src[order], created[order], score[order], status[order]
    lead_ids = prefixed_ids(rng, m, "00Q", 15)
    q, names = plan_quarantine(rng, m)
    d = Draft(
        name="crm_leads", ids=lead_ids,
        columns={"lead_id": lead_ids, "first_name": ps.first_name.take(pa.array(person)),
                 "last_name": ps.last_name.take(pa.array(person)), "company": ps.company.take(pa.array(person)),
                 "lead_source": take(pa.array(LEAD_SOURCES), src), "lead_score": pa.array(score),
                 "status": take(pa.array(LEAD_STATUSES), status)},
        ts_col="created_at", ts_ms=created, tz_min=ppl.tz_min[person],
        loaded_ms=created + rng.integers(C.MINUTE_MS, C.HOUR_MS, m), email_person=person, quarantine=q)
    rows = {"crm_leads": finish(con, rng, d, names, ps, log, out_dir)}
    demo_lead = np.full(n, -1, dtype=np.int64)
    is_demo = src == 0
    demo_lead[person[is_demo]] = np.flatnonzero(is_demo)

    # --- opportunities -----------------------------------------------------------------------------
    op = sales.person
    k = len(op)
    prices = price_table()
    amount = prices[ppl.currency[op], sales.plan] * 12 * sales.units
    opp_ids = prefixed_ids(rng, k, "006", 15)
    q, names = plan_quarantine(rng, k)
    t_created = sales.reach[:, 0]
    last_update = np.where(sales.t_closed < C.NO_TIME, sales.t_closed, sales.reach.max(axis=1, where=sales.reach <
                                                                                          C.NO_TIME, initial=0))
    d = Draft(
        name="crm_opportunities", ids=opp_ids,
        columns={"opportunity_id": opp_ids, "lead_id": take(lead_ids, demo_lead[op]),
                 "stage": take(pa.array(STAGES), sales.stage), "amount": money(amount),
                 "currency": take(pa.array(cat.CURRENCIES), ppl.currency[op]), "is_won": pa.array(sales.stage == 4),
                 "closed_at": iso_z(con, sales.t_closed)},
        ts_col="created_at", ts_ms=t_created, tz_min=ppl.tz_min[op],
        loaded_ms=last_update + rng.integers(C.MINUTE_MS, C.HOUR_MS, k), email_person=op, quarantine=q)
    rows["crm_opportunities"] = finish(con, rng, d, names, ps, log, out_dir)

    # --- activities ----------------------------------------------------------------------------------
    lam = np.array([1.2, 0.5, 0.7, 0.7, 1.0, 0.7])[src] + (src == 0)
    cnt = rng.poisson(lam)
    li = expand(cnt)
    a_t = created[li] + rng.integers(C.HOUR_MS, 20 * C.DAY_MS, len(li))
    a_type = categorical(rng, len(li), (0.35, 0.10, 0.35, 0.20, 0.0))
    a_lead, a_opp, a_stage = li, np.full(len(li), -1), np.full(len(li), -1)
    # opportunity stage changes and meetings
    st_rows, st_k = np.nonzero((sales.reach < C.NO_TIME) & (np.arange(4)[None, :] >= 1))
    closed = np.flatnonzero(sales.t_closed < C.NO_TIME)
    o_rows = np.concatenate([st_rows, closed])
    o_t = np.concatenate([sales.reach[st_rows, st_k], sales.t_closed[closed]])
    o_stage = np.concatenate([st_k, sales.stage[closed]])
    cnt = 1 + rng.poisson(2.0, k)
    mi = expand(cnt)
    hi = np.minimum(np.where(sales.t_closed < C.NO_TIME, sales.t_closed, end), end)
    m_t = t_created[mi] + (rng.random(len(mi)) * np.maximum(hi[mi] - t_created[mi], 0)).astype(np.int64)
    m_type = categorical(rng, len(mi), (0.35, 0.30, 0.20, 0.15, 0.0))
    act_opp = np.concatenate([a_opp, o_rows, mi])
    act_lead = np.concatenate([a_lead, demo_lead[op][o_rows], demo_lead[op][mi]])
    act_t = np.concatenate([a_t, o_t, m_t])
    act_type = np.concatenate([a_type, np.full(len(o_rows), 4), m_type])
    act_stage = np.concatenate([a_stage, o_stage, np.full(len(mi), -1)])
    keep = act_t < end
    act_opp, act_lead, act_t, act_type, act_stage = (x[keep] for x in (act_opp, act_lead, act_t, act_type, act_stage))
    order = np.argsort(act_t, kind="stable")
    act_opp, act_lead, act_t, act_type, act_stage = (x[order] for x in (act_opp, act_lead, act_t, act_type, act_stage))
    r = len(act_t)
    # a small population can have no opportunity at all: then every activity has a lead
    opp_person = op[np.maximum(act_opp, 0)] if len(op) else np.full(r, -1, dtype=np.int64)
    act_person = np.where(act_lead >= 0, person[np.maximum(act_lead, 0)], opp_person)
    flat, index = flatten({t: CRM_NOTES[t] for t in ACTIVITY_TYPES})
    choice = np.zeros(r, dtype=np.int64)
    for ti, tname in enumerate(ACTIVITY_TYPES):
        sel = act_type == ti
        choice[sel] = index[tname][rng.integers(0, len(index[tname]), int(sel.sum()))]
    seats = [str(x) for x in (3, 5, 8, 12, 20, 35, 50, 120)]
    budgets = ["5,000", "12k", "18,000", "25k", "40,000", "60k", "100k"]
    notes = fill(con, flat, choice, {
        "first": (ps.first_name, act_person),
        "company": (ps.company, act_person),
        "seats": (seats, rng.integers(0, len(seats), r)),
        "competitor": (list(cat.COMPETITORS), rng.integers(0, len(cat.COMPETITORS), r)),
        "ds": (list(cat.DATA_SOURCES), rng.integers(0, len(cat.DATA_SOURCES), r)),
        "sso": (["Okta", "Azure AD", "Google Workspace", "OneLogin"], rng.integers(0, 4, r)),
        "budget": (budgets, rng.integers(0, len(budgets), r)),
        "stage": (list(STAGES), np.maximum(act_stage, 0)),
        **contact_values(ps.last_name, act_person),
    })
    act_ids = prefixed_ids(rng, r, "00T", 15)
    q, names = plan_quarantine(rng, r)
    d = Draft(
        name="crm_activities", ids=act_ids,
        columns={"activity_id": act_ids, "lead_id": take(lead_ids, act_lead), "opportunity_id": take(opp_ids, act_opp),
                 "activity_type": take(pa.array(ACTIVITY_TYPES), act_type), "notes": notes},
        ts_col="activity_at", ts_ms=act_t, tz_min=ppl.tz_min[act_person],
        loaded_ms=act_t + rng.integers(C.MINUTE_MS, 2 * C.HOUR_MS, r), quarantine=q)
    rows["crm_activities"] = finish(con, rng, d, names, ps, log, out_dir)
    return rows, Crm(lead_ids=lead_ids, lead_person=person, opp_ids=opp_ids, opp_person=op)
