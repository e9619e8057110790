"""Visits (sessions) and the actions planted in them (pricing view, forms, sign-up, checkout ...).

Every visit belongs to one person and one device and has a traffic source. Actions are what the
person does in that visit beyond browsing; ``events.py`` turns visits + actions into events.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import catalog as cat
from . import config as C
from .devices import Devices, random_web_device
from .lifecycle import Checkouts, Customers, Trials
from .mail import EmailCampaign, Sends
from .people import People, Clock, LEAD_CONTENT, LEAD_NEWSLETTER
from .util import bernoulli, expand, IntArray, BoolArray

KIND_SITE, KIND_APP, KIND_MOBILE, KIND_BOT = 0, 1, 2, 3
A_PRICING, A_CONTENT, A_NEWSLETTER, A_DEMO, A_SIGNUP, A_ONBOARD, A_CHECKOUT = range(7)
#: Probability that a logged-in account holder is still logged in on the marketing site.
P_LOGGED_IN_ON_SITE = 0.35
P_LOGIN_EVENT_APP = 0.30
P_LOGIN_EVENT_MOBILE = 0.05
P_LOGOUT = 0.10
RETURN_VISITS_BY_INTENT = (0.7, 2.5, 2.5)
CUSTOMER_SITE_VISITS_PER_DAY = 0.03
CUSTOMER_APP_VISITS_PER_DAY = 0.25
CUSTOMER_MOBILE_VISITS_PER_DAY = 0.12
TRIAL_APP_VISITS = (1.5, 4.5)  # (not activated, activated) expected sessions during the trial
BOT_VISITS_MEAN = 6.0
BOT_ACTIVE_DAYS = 60


@dataclass
class Pools:
    """String pools referenced by visits: referrers, utm_term and utm_content values."""

    referrers: list[str]
    terms: list[str]
    contents: list[str]
    source_referrers: list[list[int]]
    source_terms: list[list[int]]
    source_contents: list[list[int]]
    source_landings: list[list[int]]


def make_pools(sources: list[cat.Source]) -> Pools:
    """Flatten the per-source referrer/term/content/landing lists into pools with per-source indexes."""
    refs: list[str] = []
    terms: list[str] = []
    contents: list[str] = []

    def index(pool: list[str], values: tuple[str, ...]) -> list[int]:
        out = []
        for v in values:
            if v == "":
                out.append(-1)
                continue
            if v not in pool:
                pool.append(v)
            out.append(pool.index(v))
        return out

    return Pools(
        referrers=refs, terms=terms, contents=contents,
        source_referrers=[index(refs, s.referrers) for s in sources],
        source_terms=[index(terms, s.terms) for s in sources],
        source_contents=[index(contents, s.contents) for s in sources],
        source_landings=[[cat.page_id(p) for p in s.landings] for s in sources],
    )


@dataclass
class Visits:
    """One row per visit (session)."""

    person: IntArray
    device: IntArray
    start: IntArray
    kind: IntArray
    source: IntArray
    landing: IntArray
    n_browse: IntArray
    logged_in: BoolArray
    needs_login: BoolArray
    logout: BoolArray
    referrer: IntArray
    term: IntArray
    content: IntArray
    messy: IntArray

    @property
    def n(self) -> int:
        """Number of visits."""
        return len(self.person)


@dataclass
class Actions:
    """Actions planted in visits: type code, a parameter and a reference (checkout index ...)."""

    visit: IntArray
    type: IntArray
    param: IntArray
    ref: IntArray


@dataclass
class VisitBuilder:
    """Collects visit batches and their actions, then concatenates them."""

    rng: np.random.Generator
    cfg: C.SimConfig
    sources: list[cat.Source]
    pools: Pools
    _parts: list[dict[str, np.ndarray]] = field(default_factory=list)
    _acts: list[tuple[IntArray, int, IntArray, IntArray]] = field(default_factory=list)
    _count: int = 0

    def _pick(self, lists: list[list[int]], source: IntArray) -> IntArray:
        """One random element of ``lists[source]`` per row (-1 when the list is empty)."""
        lengths = np.array([len(x) for x in lists])
        width = max(int(lengths.max()), 1)
        table = np.full((len(lists), width), -1, dtype=np.int64)
        for i, x in enumerate(lists):
            table[i, : len(x)] = x
        k = self.rng.integers(0, 1 << 30, len(source)) % np.maximum(lengths[source], 1)
        return np.where(lengths[source] > 0, table[source, k], -1)

    def add(self, person: IntArray, device: IntArray, start: IntArray, kind: int | IntArray, source: int | IntArray,
            logged_in: BoolArray | bool = False, landing: IntArray | None = None,
            p_login: float | None = None, p_logout: float = P_LOGOUT) -> IntArray:
        """Add a batch of visits and return their global indexes."""
        rng = self.rng
        m = len(person)
        kind_arr = np.broadcast_to(np.asarray(kind, dtype=np.int8), (m,)).copy()
        src = np.broadcast_to(np.asarray(source, dtype=np.int32), (m,)).copy()
        n_browse = np.select(
            [kind_arr == KIND_SITE, kind_arr == KIND_APP, kind_arr == KIND_MOBILE],
            [rng.geometric(0.45, m), rng.geometric(0.35, m), rng.geometric(0.40, m)],
            2 + rng.geometric(0.07, m),
        )
        land = self._pick(self.pools.source_landings, src) if landing is None else landing
        logged = np.broadcast_to(np.asarray(logged_in, dtype=bool), (m,)).copy()
        if p_login is None:
            p_login_arr = np.where(kind_arr == KIND_APP, P_LOGIN_EVENT_APP,
                                   np.where(kind_arr == KIND_MOBILE, P_LOGIN_EVENT_MOBILE, 0.0))
        else:
            p_login_arr = np.full(m, p_login)
        needs_login = logged & (kind_arr != KIND_SITE) & bernoulli(rng, p_login_arr)
        logout = logged & (kind_arr != KIND_SITE) & bernoulli(rng, p_logout, m)
        tagged = np.array([s.utm_source is not None for s in self.sources])[src]
        messy = np.where(tagged & bernoulli(rng, C.MESSY_UTM_RATE, m), rng.integers(1, 5, m), 0)
        self._parts.append(dict(
            person=np.asarray(person, dtype=np.int64), device=np.asarray(device, dtype=np.int64),
            start=np.asarray(start, dtype=np.int64), kind=kind_arr, source=src, landing=land.astype(np.int32),
            n_browse=n_browse.astype(np.int32), logged_in=logged, needs_login=needs_login, logout=logout,
            referrer=self._pick(self.pools.source_referrers, src).astype(np.int32),
            term=self._pick(self.pools.source_terms, src).astype(np.int32),
            content=np.where(bernoulli(self.rng, 0.8, m), self._pick(self.pools.source_contents, src), -1
                             ).astype(np.int32),
            messy=messy.astype(np.int8),
        ))
        idx = np.arange(self._count, self._count + m, dtype=np.int64)
        self._count += m
        return idx

    def act(self, visit: IntArray, type_: int, param: IntArray | int = 0, ref: IntArray | int = -1) -> None:
        """Plant an action of ``type_`` in each given visit."""
        m = len(visit)
        self._acts.append((np.asarray(visit, dtype=np.int64), type_,
                           np.broadcast_to(np.asarray(param, dtype=np.int32), (m,)).copy(),
                           np.broadcast_to(np.asarray(ref, dtype=np.int64), (m,)).copy()))

    def build(self) -> tuple[Visits, Actions]:
        """Concatenate all batches."""
        cols = {k: np.concatenate([p[k] for p in self._parts]) for k in self._parts[0]}
        visits = Visits(**cols)
        actions = Actions(
            visit=np.concatenate([a[0] for a in self._acts]),
            type=np.concatenate([np.full(len(a[0]), a[1], dtype=np.int8) for a in self._acts]),
            param=np.concatenate([a[2] for a in self._acts]),
            ref=np.concatenate([a[3] for a in self._acts]),
        )
        return visits, actions


def _uniform_sessions(rng: np.random.Generator, clock: Clock, tz_min: IntArray, person: IntArray, lo: IntArray,
                      hi: IntArray, per_day: float | np.ndarray) -> tuple[IntArray, IntArray]:
    """Poisson number of sessions per person over [lo, hi) at ``per_day``; returns (person, start).

    Days are uniform over the interval; the time of day follows the person's local working hours.
    """
    span = np.maximum(hi - lo, 0)
    lam = span / C.DAY_MS * per_day
    counts = rng.poisson(lam)
    rows = expand(counts)
    p = person[rows]
    t = lo[rows] + (rng.random(len(rows)) * span[rows]).astype(np.int64)
    day = clock.workday(rng, (t - clock.cfg.start_ms) // C.DAY_MS)
    local = clock.at_day(rng, day, tz_min[p])
    t = np.where((local >= lo[rows]) & (local < hi[rows]), local, t)
    return p, t


def plan_visits(rng: np.random.Generator, cfg: C.SimConfig, clock: Clock, ppl: People, dev: Devices,
                sources: list[cat.Source], trials: Trials, checkouts: Checkouts, cust: Customers,
                t_account: IntArray, t_sales_signup: IntArray, campaigns: list[EmailCampaign], sends: Sends,
                ) -> tuple[Visits, Actions, Pools]:
    """Lay out every visit of every person and plant the lifecycle actions in them."""
    pools = make_pools(sources)
    vb = VisitBuilder(rng, cfg, sources, pools)
    end = cfg.end_ms
    human = np.flatnonzero(~ppl.is_bot)
    ret_sources = np.array([cat.SOURCE_INDEX[k] for k in cat.RETURN_WEIGHTS])
    ret_w = np.array(list(cat.RETURN_WEIGHTS.values()))

    def return_source(m: int) -> IntArray:
        cum = np.cumsum(ret_w) / ret_w.sum()
        return ret_sources[np.minimum(np.searchsorted(cum, rng.random(m), side="right"), len(ret_w) - 1)]

    def site_logged(person: IntArray, start: IntArray) -> BoolArray:
        return (start > t_account[person] + C.MINUTE_MS) & bernoulli(rng, P_LOGGED_IN_ON_SITE, len(person))

    # 1. first (acquisition) visit on the primary device
    first = vb.add(human, dev.start[human], ppl.t0[human], KIND_SITE, ppl.source[human])
    first_of = np.full(ppl.n, -1, dtype=np.int64)
    first_of[human] = first
    pr = np.flatnonzero(ppl.plan_pricing)
    vb.act(first_of[pr], A_PRICING)

    # 2. identification milestones (same visit as the first one, or a later visit)
    def milestone_visit(mask: BoolArray, same: BoolArray, t: IntArray, p_primary: float = 0.6) -> IntArray:
        visit_of = np.full(ppl.n, -1, dtype=np.int64)
        s = np.flatnonzero(mask & same)
        visit_of[s] = first_of[s]
        later = np.flatnonzero(mask & ~same)
        visit_of[later] = vb.add(later, random_web_device(rng, dev, later, p_primary), t[later], KIND_SITE,
                                 return_source(len(later)))
        return visit_of

    lead_visit = milestone_visit(ppl.lead_kind > 0, ppl.lead_same_visit, ppl.t_lead)
    news = np.flatnonzero(ppl.lead_kind == LEAD_NEWSLETTER)
    vb.act(lead_visit[news], A_NEWSLETTER, param=0)
    content = np.flatnonzero(ppl.lead_kind == LEAD_CONTENT)
    vb.act(lead_visit[content], A_CONTENT, param=rng.integers(0, len(cat.ASSETS), len(content)))
    demo_visit = milestone_visit(ppl.plan_demo, ppl.demo_same_visit, ppl.t_demo)
    demo = np.flatnonzero(ppl.plan_demo)
    vb.act(demo_visit[demo], A_DEMO, ref=demo)
    again = np.flatnonzero(ppl.plan_demo & ppl.plan_pricing & ~ppl.demo_same_visit)
    again = again[bernoulli(rng, 0.5, len(again))]
    vb.act(demo_visit[again], A_PRICING)
    signup_visit = milestone_visit(ppl.plan_trial, ppl.signup_same_visit, ppl.t_signup, 0.7)
    trial = np.flatnonzero(ppl.plan_trial)
    vb.act(signup_visit[trial], A_SIGNUP, param=trials.plan[trial], ref=trial)

    # 3. onboarding steps: in the sign-up visit or in one follow-up app visit
    follow = np.flatnonzero(trials.t_followup < C.NO_TIME)
    follow_visit = np.full(ppl.n, -1, dtype=np.int64)
    follow_visit[follow] = vb.add(follow, dev.start[follow], trials.t_followup[follow], KIND_APP,
                                  cat.SOURCE_INDEX["app_session"], logged_in=True, p_login=0.2)
    for step in range(4):
        done = np.flatnonzero(trials.step_done[:, step])
        in_signup = step < trials.split[done]
        visit = np.where(in_signup, signup_visit[done], follow_visit[done])
        vb.act(visit, A_ONBOARD, param=step, ref=done)

    # 4. trial app sessions
    lam = np.where(trials.activated, TRIAL_APP_VISITS[1], TRIAL_APP_VISITS[0]) / C.TRIAL_DAYS
    lo = ppl.t_signup[trial] + 3 * C.HOUR_MS
    hi = np.minimum(ppl.t_signup[trial] + C.TRIAL_DAYS * C.DAY_MS, end)
    p, t = _uniform_sessions(rng, clock, ppl.tz_min, trial, lo, hi, lam[trial])
    _app_or_mobile(vb, rng, dev, p, t)

    # 5. checkouts: self-serve and upgrades in the web app; sales-led sign up and pay in one visit
    sales = checkouts.is_sales
    ck = np.flatnonzero(~sales)
    v = vb.add(checkouts.person[ck], checkouts.device[ck], checkouts.t[ck], KIND_APP,
               cat.SOURCE_INDEX["app_session"], logged_in=True)
    vb.act(v, A_CHECKOUT, ref=ck)
    ck = np.flatnonzero(sales)
    v = vb.add(checkouts.person[ck], checkouts.device[ck], checkouts.t[ck], KIND_SITE,
               cat.SOURCE_INDEX["direct"], landing=np.full(len(ck), cat.page_id("/"), dtype=np.int32))
    vb.act(v, A_SIGNUP, param=-1, ref=checkouts.person[ck])
    vb.act(v, A_CHECKOUT, ref=ck)

    # 6. customers use the product on the web and in the mobile app
    cu = np.flatnonzero(cust.is_customer)
    lo = cust.t_purchase[cu] + C.HOUR_MS
    hi = np.minimum(cust.t_cancel[cu], end)
    p, t = _uniform_sessions(rng, clock, ppl.tz_min, cu, lo, hi, CUSTOMER_APP_VISITS_PER_DAY)
    vb.add(p, random_web_device(rng, dev, p, 0.7), t, KIND_APP, cat.SOURCE_INDEX["app_session"], logged_in=True)
    mob = cu[dev.app_device[cu] >= 0]
    p, t = _uniform_sessions(rng, clock, ppl.tz_min, mob, cust.t_purchase[mob] + C.HOUR_MS,
                             np.minimum(cust.t_cancel[mob], end), CUSTOMER_MOBILE_VISITS_PER_DAY)
    vb.add(p, dev.app_device[p], t, KIND_MOBILE, cat.SOURCE_INDEX["mobile_session"], logged_in=True)
    p, t = _uniform_sessions(rng, clock, ppl.tz_min, cu, lo, hi, CUSTOMER_SITE_VISITS_PER_DAY)
    vb.add(p, random_web_device(rng, dev, p), t, KIND_SITE, return_source(len(p)), logged_in=site_logged(p, t))

    # 7. returning marketing-site visits
    lam = np.array(RETURN_VISITS_BY_INTENT)[np.maximum(ppl.intent[human], 0)]
    counts = rng.poisson(lam)
    p = human[expand(counts)]
    t = clock.later(rng, ppl.t0[p], 20.0, ppl.tz_min[p])
    keep = t < end - 10 * C.MINUTE_MS
    p, t = p[keep], t[keep]
    vb.add(p, random_web_device(rng, dev, p), t, KIND_SITE, return_source(len(p)), logged_in=site_logged(p, t))

    # 8. email clicks
    clicked = np.flatnonzero(sends.t_click < C.NO_TIME)
    p = sends.person[clicked]
    t = sends.t_click[clicked] + rng.integers(1_000, 30_000, len(clicked))
    camp = sends.campaign[clicked]
    is_app = np.array([c.link.startswith("APP/") for c in campaigns], dtype=bool)[camp]
    src = cat.N_STATIC_SOURCES + camp
    for app_flag in (False, True):
        sel = is_app == app_flag
        kind = KIND_APP if app_flag else KIND_SITE
        logged = np.ones(int(sel.sum()), bool) if app_flag else site_logged(p[sel], t[sel])
        vb.add(p[sel], random_web_device(rng, dev, p[sel]), t[sel], kind, src[sel], logged_in=logged, p_login=0.0)

    # 9. shared computers: every member logs in on it
    sp = dev.shared_person
    counts = 1 + rng.poisson(2.0, len(sp))
    rows = expand(counts)
    lo = t_account[sp][rows] + C.DAY_MS
    t = lo + (rng.random(len(rows)) * np.maximum(end - lo, 0)).astype(np.int64)
    keep = t < end - 10 * C.MINUTE_MS
    rows, t = rows[keep], t[keep]
    vb.add(sp[rows], dev.shared_device[rows], t, KIND_APP, cat.SOURCE_INDEX["app_session"], logged_in=True,
           p_login=0.85, p_logout=0.5)

    # 10. bots crawl the site
    bot_dev = np.flatnonzero(dev.owner >= 0)
    bot_dev = bot_dev[ppl.is_bot[dev.owner[bot_dev]]]
    counts = 1 + rng.poisson(BOT_VISITS_MEAN, len(bot_dev))
    rows = expand(counts)
    d = bot_dev[rows]
    owner = dev.owner[d]
    active = np.minimum(BOT_ACTIVE_DAYS * C.DAY_MS, end - 10 * C.MINUTE_MS - ppl.t0[owner])
    t = ppl.t0[owner] + (rng.random(len(rows)) * np.maximum(active, 0)).astype(np.int64)
    landing = rng.integers(0, len(cat.SITE_PATHS), len(d)).astype(np.int32)
    vb.add(owner, d, t, KIND_BOT, cat.SOURCE_INDEX["bot"], landing=landing)

    visits, actions = vb.build()
    return visits, actions, pools


def _app_or_mobile(vb: VisitBuilder, rng: np.random.Generator, dev: Devices, person: IntArray, t: IntArray) -> None:
    """Product sessions: on the mobile app (if installed, 30 %) or a web browser."""
    mobile = (dev.app_device[person] >= 0) & bernoulli(rng, 0.3, len(person))
    p = person[mobile]
    vb.add(p, dev.app_device[p], t[mobile], KIND_MOBILE, cat.SOURCE_INDEX["mobile_session"], logged_in=True)
    p = person[~mobile]
    vb.add(p, random_web_device(rng, dev, p, 0.7), t[~mobile], KIND_APP, cat.SOURCE_INDEX["app_session"],
           logged_in=True)
