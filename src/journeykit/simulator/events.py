"""Turn visits + actions into tracked events, then give every event its exact time.

Events are produced as blocks of numpy arrays (browse page views, extras, action templates),
sorted by (visit, position), timed with per-event dwell times, and visits on the same device
are spaced so that a 30-minute inactivity sessionisation recovers the simulated visits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np

from . import catalog as cat
from . import config as C
from .lifecycle import Checkouts
from .visits import (A_CHECKOUT, A_CONTENT, A_DEMO, A_NEWSLETTER, A_ONBOARD, A_PRICING, A_SIGNUP, Actions,
                     KIND_APP, KIND_BOT, KIND_MOBILE, KIND_SITE, Visits)
from .util import bernoulli, categorical, expand, group_first_mask, lognormal_ms, rank_in_group, IntArray

EVENT_KINDS = (
    "page_view", "site_search", "content_download", "video_play", "newsletter_signup", "form_submit",
    "form_error", "demo_request", "sign_up", "login", "trial_start", "onboarding_step_completed", "feature_used",
    "checkout_started", "payment_info_entered", "payment_failed", "order_completed", "upgrade_clicked", "js_error",
    "invite_sent", "logout", "legacy_widget_click", "test_event_do_not_use", "exp_v2_exposure",
)
K = {name: i for i, name in enumerate(EVENT_KINDS)}
UNKNOWN_KINDS = tuple(K[n] for n in C.UNKNOWN_EVENT_NAMES)
FLAG_EMAIL, FLAG_LOGIN = 1, 2
#: Minimum inactivity between two visits on the same device (sessionisation uses 30 minutes).
VISIT_GAP_MS = 31 * C.MINUTE_MS
#: Per-kind dwell before the event: (median seconds, sigma, min, max).
DWELL = {
    "site_search": (12, 0.6, 2, 120), "content_download": (2, 0.5, 0.3, 20), "video_play": (15, 0.8, 1, 300),
    "newsletter_signup": (0.8, 0.3, 0.1, 5), "form_submit": (30, 0.7, 4, 300), "form_error": (20, 0.7, 3, 200),
    "demo_request": (0.8, 0.3, 0.1, 5), "sign_up": (0.8, 0.3, 0.1, 5), "login": (10, 0.6, 2, 120),
    "trial_start": (1.5, 0.4, 0.2, 10), "onboarding_step_completed": (60, 0.8, 5, 600),
    "feature_used": (35, 0.9, 2, 600), "checkout_started": (1, 0.3, 0.1, 5),
    "payment_info_entered": (45, 0.6, 8, 400), "payment_failed": (4, 0.5, 1, 30),
    "order_completed": (4, 0.5, 1, 30), "upgrade_clicked": (10, 0.6, 1, 120), "js_error": (3, 0.8, 0.1, 60),
    "invite_sent": (20, 0.6, 2, 200), "logout": (20, 0.8, 1, 300), "legacy_widget_click": (2, 0.8, 0.1, 60),
    "test_event_do_not_use": (2, 0.8, 0.1, 60), "exp_v2_exposure": (0.5, 0.5, 0.05, 10),
}
PAGE_VIEW_DWELL = {KIND_SITE: (40, 0.9, 3, 600), KIND_APP: (25, 0.9, 2, 600), KIND_MOBILE: (15, 0.8, 1, 300),
                   KIND_BOT: (1.5, 0.6, 0.1, 20)}
CONTENT_ASSET_PAGES = ("/lp/state-of-analytics-2026", "/lp/roi-calculator", "/lp/state-of-analytics-2026",
                       "/lp/enterprise", "/lp/state-of-analytics-2026")


class PropsPool:
    """Registry of distinct static JSON property strings; order properties are appended later."""

    def __init__(self) -> None:
        self.values: list[str] = []
        self._index: dict[str, int] = {}
        self.empty = self.get({})

    def get(self, props: dict[str, str]) -> int:
        """Index of the compact JSON text for ``props`` (registered on first use)."""
        text = json.dumps(props, ensure_ascii=False, separators=(",", ":"))
        if text not in self._index:
            self._index[text] = len(self.values)
            self.values.append(text)
        return self._index[text]

    def table(self, key: str, values: tuple[str, ...]) -> IntArray:
        """Indexes of ``{key: v}`` for every ``v`` (usable as a lookup array by value code)."""
        return np.array([self.get({key: v}) for v in values], dtype=np.int32)


@dataclass
class Events:
    """Sorted events (by visit, then time) with codes only; strings are built by the writer."""

    visit: IntArray
    kind: IntArray
    page: IntArray
    prop: IntArray
    flags: IntArray
    ref: IntArray
    ts: IntArray
    props: PropsPool
    visit_start: IntArray
    first_in_visit: IntArray = field(default_factory=lambda: np.empty(0, dtype=np.int64))

    @property
    def n(self) -> int:
        """Number of (distinct) events."""
        return len(self.visit)


class _Blocks:
    """Accumulates event blocks."""

    def __init__(self) -> None:
        self.parts: list[tuple[IntArray, np.ndarray, int | IntArray, IntArray, IntArray, int, IntArray]] = []

    def add(self, visit: IntArray, pos: np.ndarray, kind: int | IntArray, page: IntArray | int = -1,
            prop: IntArray | int = 0, flags: int = 0, ref: IntArray | int = -1) -> None:
        """Add one event per element of ``visit`` at in-visit position ``pos`` (page -1: inherit)."""
        m = len(visit)
        if m == 0:
            return
        self.parts.append((np.asarray(visit, np.int64), np.asarray(pos, np.float64),
                           np.broadcast_to(np.asarray(kind, np.int8), (m,)),
                           np.broadcast_to(np.asarray(page, np.int16), (m,)),
                           np.broadcast_to(np.asarray(prop, np.int32), (m,)), flags,
                           np.broadcast_to(np.asarray(ref, np.int64), (m,))))

    def concat(self) -> tuple[IntArray, np.ndarray, IntArray, IntArray, IntArray, IntArray, IntArray]:
        """All blocks as (visit, pos, kind, page, prop, flags, ref) arrays."""
        visit = np.concatenate([p[0] for p in self.parts])
        pos = np.concatenate([p[1] for p in self.parts])
        kind = np.concatenate([p[2] for p in self.parts])
        page = np.concatenate([p[3] for p in self.parts])
        prop = np.concatenate([p[4] for p in self.parts])
        flags = np.concatenate([np.full(len(p[0]), p[5], dtype=np.int8) for p in self.parts])
        ref = np.concatenate([p[6] for p in self.parts])
        return visit, pos, kind, page, prop, flags, ref


def _weights_to_pages(weights: dict[str, float]) -> tuple[IntArray, np.ndarray]:
    return np.array([cat.page_id(p) for p in weights], dtype=np.int16), np.array(list(weights.values()))


def generate_events(rng: np.random.Generator, visits: Visits, actions: Actions, checkouts: Checkouts) -> Events:
    """Build every event of every visit (codes only) and time them."""
    props = PropsPool()
    blocks = _Blocks()
    n_browse = visits.n_browse

    # --- browse page views ------------------------------------------------------------------
    v = expand(n_browse)
    rank = rank_in_group(n_browse)
    kind_v = visits.kind[v]
    page = np.empty(len(v), dtype=np.int16)
    for k, weights in ((KIND_SITE, cat.SITE_BROWSE_WEIGHTS), (KIND_APP, cat.APP_BROWSE_WEIGHTS),
                       (KIND_MOBILE, cat.MOBILE_BROWSE_WEIGHTS), (KIND_BOT, cat.BOT_BROWSE_WEIGHTS)):
        sel = kind_v == k
        pages, w = _weights_to_pages(weights)
        page[sel] = pages[categorical(rng, int(sel.sum()), w)]
    first = rank == 0
    page[first] = visits.landing[v[first]]
    blocks.add(v, rank.astype(np.float64), K["page_view"], page)
    pv_visit, pv_pos, pv_kind = v, rank.astype(np.float64), kind_v

    # --- extras on browse page views --------------------------------------------------------
    site = pv_kind == KIND_SITE
    app = pv_kind == KIND_APP
    mobile = pv_kind == KIND_MOBILE
    m = len(pv_visit)
    search = site & bernoulli(rng, 0.04, m)
    terms = props.table("search_term", cat.SEARCH_TERMS)
    blocks.add(pv_visit[search], pv_pos[search] + 0.1, K["site_search"],
               prop=terms[rng.integers(0, len(terms), int(search.sum()))])
    video = site & bernoulli(rng, 0.03, m)
    blocks.add(pv_visit[video], pv_pos[video] + 0.2, K["video_play"], prop=props.empty)
    js_rate = np.where(app, 0.01, np.where(site | mobile, 0.005, 0.0))
    js = bernoulli(rng, js_rate)
    js_props = props.table("error_code", cat.JS_ERROR_CODES)
    blocks.add(pv_visit[js], pv_pos[js] + 0.3, K["js_error"], prop=js_props[rng.integers(0, len(js_props),
                                                                                         int(js.sum()))])
    n_feat = np.where(app, rng.poisson(0.9, m), np.where(mobile, rng.poisson(0.6, m), 0))
    fv = expand(n_feat)
    feat_props = props.table("feature", cat.FEATURES)
    blocks.add(pv_visit[fv], pv_pos[fv] + 0.4 + 0.01 * rank_in_group(n_feat), K["feature_used"],
               prop=feat_props[categorical(rng, len(fv), np.linspace(3, 1, len(cat.FEATURES)))])
    inv = app & bernoulli(rng, 0.015, m)
    blocks.add(pv_visit[inv], pv_pos[inv] + 0.6, K["invite_sent"], prop=props.empty)

    # --- login / logout ---------------------------------------------------------------------
    login_v = np.flatnonzero(visits.needs_login)
    login_page = np.where(visits.kind[login_v] == KIND_MOBILE, cat.page_id("MOBILE/login"), cat.page_id("APP/login"))
    blocks.add(login_v, np.full(len(login_v), -1.0), K["page_view"], login_page.astype(np.int16))
    blocks.add(login_v, np.full(len(login_v), -0.5), K["login"], prop=props.empty)
    out_v = np.flatnonzero(visits.logout)
    blocks.add(out_v, n_browse[out_v] + 9.0, K["logout"], prop=props.empty)

    # --- actions ----------------------------------------------------------------------------
    form = {f: props.get({"form_id": f}) for f in cat.FORM_IDS}
    form_err = {f: np.array([props.get({"form_id": f, "error_code": e}) for e in cat.FORM_ERROR_CODES])
                for f in cat.FORM_IDS}

    def acts(type_: int) -> tuple[IntArray, IntArray, IntArray, np.ndarray]:
        sel = actions.type == type_
        av = actions.visit[sel]
        return av, actions.param[sel], actions.ref[sel], n_browse[av].astype(np.float64)

    def form_steps(av: IntArray, base: np.ndarray, form_id: str, p_error: float, final_kind: int,
                   final_prop: IntArray | int, final_flags: int, ref: IntArray | int = -1) -> None:
        err = bernoulli(rng, p_error, len(av))
        codes = form_err[form_id][rng.integers(0, len(cat.FORM_ERROR_CODES), int(err.sum()))]
        blocks.add(av[err], base[err] + 0.1, K["form_error"], prop=codes)
        blocks.add(av, base + 0.2, K["form_submit"], prop=form[form_id])
        blocks.add(av, base + 0.3, final_kind, prop=final_prop, flags=final_flags, ref=ref)

    av, _, _, nb = acts(A_PRICING)
    k = np.floor(rng.random(len(av)) * nb)
    blocks.add(av, k + 0.5, K["page_view"], cat.page_id("/pricing"))

    av, asset, ref, nb = acts(A_CONTENT)
    base = nb + 1
    lp = np.array([cat.page_id(p) for p in CONTENT_ASSET_PAGES], dtype=np.int16)
    blocks.add(av, base, K["page_view"], lp[asset])
    form_steps(av, base, "content_gate", 0.08, K["newsletter_signup"], form["content_gate"], FLAG_EMAIL)
    blocks.add(av, base + 0.4, K["content_download"], prop=props.table("asset", cat.ASSETS)[asset])

    av, _, _, nb = acts(A_NEWSLETTER)
    form_steps(av, nb + 2, "newsletter_footer", 0.05, K["newsletter_signup"], form["newsletter_footer"], FLAG_EMAIL)

    av, _, ref, nb = acts(A_DEMO)
    base = nb + 3
    blocks.add(av, base, K["page_view"], cat.page_id("/demo"))
    form_steps(av, base, "demo_form", 0.10, K["demo_request"], form["demo_form"], FLAG_EMAIL, ref)

    av, plan, ref, nb = acts(A_SIGNUP)
    base = nb + 4
    blocks.add(av, base, K["page_view"], cat.page_id("/signup"))
    form_steps(av, base, "signup_form", 0.08, K["sign_up"], form["signup_form"], FLAG_EMAIL | FLAG_LOGIN, ref)
    trial = plan >= 0
    plan_props = props.table("plan", cat.PLANS)
    blocks.add(av[trial], base[trial] + 0.4, K["page_view"], cat.page_id("APP/onboarding/create_project"),
               flags=FLAG_LOGIN)
    blocks.add(av[trial], base[trial] + 0.5, K["trial_start"], prop=plan_props[plan[trial]], flags=FLAG_LOGIN,
               ref=ref[trial])
    blocks.add(av[~trial], base[~trial] + 0.4, K["page_view"], cat.page_id("APP/dashboard"), flags=FLAG_LOGIN)

    av, step, ref, nb = acts(A_ONBOARD)
    base = nb + 4.6 + step * 0.05
    step_pages = np.array([cat.page_id(f"APP/onboarding/{s}") for s in C.ONBOARDING_STEPS], dtype=np.int16)
    not_first = step > 0
    blocks.add(av[not_first], base[not_first], K["page_view"], step_pages[step[not_first]], flags=FLAG_LOGIN)
    blocks.add(av, base + 0.01, K["onboarding_step_completed"], prop=props.table("step", C.ONBOARDING_STEPS)[step],
               flags=FLAG_LOGIN, ref=ref)
    invite = step == 1
    blocks.add(av[invite], base[invite] + 0.02, K["invite_sent"], prop=props.empty, flags=FLAG_LOGIN)

    av, _, ck, nb = acts(A_CHECKOUT)
    base = nb + 6
    pre = checkouts.is_upgrade[ck] | (~checkouts.is_sales[ck] & bernoulli(rng, 0.5, len(ck)))
    blocks.add(av[pre], base[pre], K["page_view"], cat.page_id("APP/settings/billing"), flags=FLAG_LOGIN)
    blocks.add(av[pre], base[pre] + 0.01, K["upgrade_clicked"], prop=props.empty, flags=FLAG_LOGIN)
    blocks.add(av, base + 0.02, K["page_view"], cat.page_id("APP/checkout"), flags=FLAG_LOGIN)
    blocks.add(av, base + 0.03, K["checkout_started"], prop=plan_props[checkouts.plan[ck]], flags=FLAG_LOGIN)
    blocks.add(av, base + 0.04, K["page_view"], cat.page_id("APP/checkout/payment"), flags=FLAG_LOGIN)
    # attempts (one order each): visit of the attempt's checkout
    visit_of_ck = np.full(len(checkouts.person), -1, dtype=np.int64)
    visit_of_ck[ck] = av
    base_of_ck = np.zeros(len(checkouts.person))
    base_of_ck[ck] = base
    a = np.arange(len(checkouts.att_checkout))
    a = a[visit_of_ck[checkouts.att_checkout[a]] >= 0]
    ac = checkouts.att_checkout[a]
    apos = base_of_ck[ac] + 0.05 + 0.01 * checkouts.att_no[a]
    pm_props = props.table("payment_method", cat.PAYMENT_METHODS)
    blocks.add(visit_of_ck[ac], apos, K["payment_info_entered"], prop=pm_props[checkouts.att_pm[a]], flags=FLAG_LOGIN)
    failed = checkouts.att_failed[a]
    # order properties are appended after the static pool: prop = -(attempt + 1) until resolved
    blocks.add(visit_of_ck[ac[failed]], apos[failed] + 0.005, K["payment_failed"], prop=-(a[failed] + 1),
               flags=FLAG_LOGIN, ref=a[failed])
    blocks.add(visit_of_ck[ac[~failed]], apos[~failed] + 0.005, K["order_completed"], prop=-(a[~failed] + 1),
               flags=FLAG_LOGIN, ref=a[~failed])
    ok = checkouts.success[ck]
    blocks.add(av[ok], base[ok] + 0.09, K["page_view"], cat.page_id("APP/checkout/complete"), flags=FLAG_LOGIN)

    # --- planted unknown event names (a few hundred per million) -----------------------------
    n_est = sum(len(p[0]) for p in blocks.parts)
    human_pv = np.flatnonzero(pv_kind != KIND_BOT)
    unknown_props = {
        "legacy_widget_click": props.get({"widget": "chat_bubble_v1"}),
        "test_event_do_not_use": props.get({"debug": "true"}),
        "exp_v2_exposure": props.get({"experiment": "pricing_page_v2", "variant": "B"}),
    }
    for name in C.UNKNOWN_EVENT_NAMES:
        count = int(round(C.UNKNOWN_EVENTS_PER_MILLION[name] * n_est / 1e6))
        pick = rng.choice(human_pv, size=min(count, len(human_pv)), replace=False)
        blocks.add(pv_visit[pick], pv_pos[pick] + 0.05, K[name], prop=unknown_props[name])

    visit, pos, kind, page_all, prop, flags, ref = blocks.concat()
    blocks.parts.clear()
    order = np.lexsort((pos, visit))
    visit, kind, page_all, prop, flags, ref = (visit[order], kind[order], page_all[order], prop[order],
                                               flags[order], ref[order])
    del order, pos
    n_static = len(props.values)
    prop = np.where(prop < 0, n_static + (-prop - 1), prop).astype(np.int64)

    # pages of non-page-view events: the page of the latest page view in the visit
    is_pv = kind == K["page_view"]
    idx = np.where(is_pv, np.arange(len(kind)), 0)
    gov = np.maximum.accumulate(idx)
    page_all = page_all[gov]
    first = group_first_mask(visit)

    ts, visit_start = _time_events(rng, visits, visit, kind, first)
    return Events(visit=visit, kind=kind, page=page_all, prop=prop, flags=flags, ref=ref, ts=ts, props=props,
                  visit_start=visit_start, first_in_visit=np.flatnonzero(first))


def _time_events(rng: np.random.Generator, visits: Visits, visit: IntArray, kind: IntArray,
                 first: np.ndarray) -> tuple[IntArray, IntArray]:
    """Dwell times within visits, per-device visit spacing, then absolute event times."""
    n = len(visit)
    dwell = np.zeros(n, dtype=np.int64)
    is_pv = kind == K["page_view"]
    vkind = visits.kind[visit]
    for vk, (med, sig, lo, hi) in PAGE_VIEW_DWELL.items():
        sel = np.flatnonzero(is_pv & (vkind == vk))
        dwell[sel] = lognormal_ms(rng, len(sel), med, sig, lo, hi)
    for name, (med, sig, lo, hi) in DWELL.items():
        sel = np.flatnonzero(kind == K[name])
        dwell[sel] = lognormal_ms(rng, len(sel), med, sig, lo, hi)
    dwell[first] = 0
    offset = np.cumsum(dwell)
    starts = np.flatnonzero(first)
    run = np.cumsum(first) - 1
    offset = offset - offset[starts][run]
    duration = np.zeros(visits.n, dtype=np.int64)
    duration[visit[starts[1:] - 1]] = offset[starts[1:] - 1]
    if n:
        duration[visit[-1]] = offset[-1]

    # space visits on the same device: s_i = max(p_i, s_{i-1} + d_{i-1} + gap)
    order = np.lexsort((visits.start, visits.device))
    dev = visits.device[order]
    p = visits.start[order]
    d = duration[order] + VISIT_GAP_MS
    grp_first = group_first_mask(dev)
    cum = np.cumsum(d)
    gstart = np.flatnonzero(grp_first)
    grun = np.cumsum(grp_first) - 1
    incl = cum - (cum[gstart] - d[gstart])[grun]
    excl = incl - d
    big = np.int64(1) << np.int64(40)
    key = (p - excl - p.min()) + grun.astype(np.int64) * big
    s_sorted = np.maximum.accumulate(key) - grun.astype(np.int64) * big + p.min() + excl
    start = np.empty(visits.n, dtype=np.int64)
    start[order] = s_sorted
    return start[visit] + offset, start
