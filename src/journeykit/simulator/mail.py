"""Email marketing: campaign calendar, audiences and per-send outcomes (sent ... unsubscribed).

A click on an email becomes a visit with the campaign's utm tags (see ``visits.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from . import catalog as cat
from . import config as C
from .util import bernoulli, IntArray, BoolArray


@dataclass(frozen=True)
class EmailCampaign:
    """One email campaign: a broadcast (``send_ms`` set) or a triggered drip (``delay_days``)."""

    campaign_id: str
    name: str
    kind: str
    link: str
    send_ms: int | None = None
    delay_days: float = 0.0


def _month_starts(cfg: C.SimConfig) -> list[dt.date]:
    months = []
    d = dt.date(cfg.start.year, cfg.start.month, 1)
    end = cfg.start + dt.timedelta(days=cfg.days)
    while d < end:
        months.append(d)
        d = dt.date(d.year + (d.month // 12), d.month % 12 + 1, 1)
    return months


def _ms(d: dt.date, hour: int) -> int:
    return int((dt.datetime(d.year, d.month, d.day, hour) - dt.datetime(1970, 1, 1)).total_seconds()) * 1000


def campaign_calendar(cfg: C.SimConfig) -> list[EmailCampaign]:
    """All email campaigns of the window: monthly newsletters, quarterly renewal reminders, drips."""
    out: list[EmailCampaign] = [
        EmailCampaign("cmp_1001", "nurture_welcome", "nurture", "/customers", delay_days=1),
        EmailCampaign("cmp_1002", "nurture_case_study", "nurture", "/customers", delay_days=7),
        EmailCampaign("cmp_1003", "nurture_product_tour", "nurture", "/features", delay_days=14),
        EmailCampaign("cmp_1101", "onboarding_day1", "onboarding", "APP/dashboard", delay_days=1),
        EmailCampaign("cmp_1102", "onboarding_connect_data", "onboarding", "APP/onboarding/connect_data_source",
                      delay_days=3),
        EmailCampaign("cmp_1103", "onboarding_trial_ending", "onboarding", "APP/settings/billing", delay_days=11),
    ]
    for i, m in enumerate(_month_starts(cfg)):
        first_tuesday = m + dt.timedelta(days=(1 - m.weekday()) % 7)
        send = _ms(first_tuesday, 14)
        if cfg.start_ms <= send < cfg.end_ms:
            slug = cat.BLOG_SLUGS[i % len(cat.BLOG_SLUGS)]
            out.append(EmailCampaign(f"cmp_2{m:%y%m}", f"newsletter_{m:%Y_%m}", "newsletter", f"/blog/{slug}", send))
        if m.month in (1, 4, 7, 10):
            send = _ms(m + dt.timedelta(days=14), 15)
            if cfg.start_ms <= send < cfg.end_ms:
                q = (m.month - 1) // 3 + 1
                out.append(EmailCampaign(f"cmp_3{m:%y}{q}", f"renewal_reminder_{m:%Y}_q{q}", "renewal",
                                         "APP/settings/billing", send))
    return out


def email_sources(campaigns: list[EmailCampaign]) -> list[cat.Source]:
    """One traffic source per campaign (utm_source newsletter, utm_medium email, utm_campaign = name)."""
    return [cat.Source(f"email:{c.name}", "Email", "newsletter", "email", c.name, None, (), (c.link,),
                       contents=("cta_button", "header_link")) for c in campaigns]


@dataclass
class Audience:
    """Per-person facts the email planner needs (all planned times, NO_TIME when absent)."""

    email_known: IntArray
    opt_in: BoolArray
    bad_email: BoolArray
    is_lead_only: BoolArray     # identified but no account (nurture audience)
    t_account: IntArray
    t_trial: IntArray
    t_connect: IntArray         # connect_data_source completion (NO_TIME if never)
    t_purchase: IntArray
    t_cancel: IntArray


@dataclass
class Sends:
    """One row per email sent, with its outcome times (NO_TIME when the step did not happen)."""

    person: IntArray
    campaign: IntArray
    t_sent: IntArray
    bounced: BoolArray
    t_open: IntArray
    t_click: IntArray
    t_unsub: IntArray


def plan_sends(rng: np.random.Generator, cfg: C.SimConfig, campaigns: list[EmailCampaign], aud: Audience) -> Sends:
    """Decide who receives each campaign and what happens to each send."""
    n = len(aud.email_known)
    unsub_at = np.full(n, C.NO_TIME, dtype=np.int64)
    hard_bounce_at = np.full(n, C.NO_TIME, dtype=np.int64)
    parts: list[tuple[IntArray, int, IntArray, BoolArray, IntArray, IntArray, IntArray]] = []

    def outcome(person: IntArray, ci: int, t_sent: IntArray) -> None:
        kind = campaigns[ci].kind
        m = len(person)
        bounced = aud.bad_email[person] | bernoulli(rng, C.EMAIL_SOFT_BOUNCE_RATE, m)
        opened = ~bounced & bernoulli(rng, C.EMAIL_OPEN_RATE[kind], m)
        t_open = np.where(opened, t_sent + (rng.exponential(4.0, m) * C.HOUR_MS).astype(np.int64) + 30_000,
                          C.NO_TIME)
        clicked = opened & bernoulli(rng, C.EMAIL_CLICK_RATE_OF_OPENS[kind], m)
        t_click = np.where(clicked, t_open + (rng.exponential(3.0, m) * C.MINUTE_MS).astype(np.int64) + 2_000,
                           C.NO_TIME)
        can_unsub = kind in ("newsletter", "nurture")
        unsub = opened & can_unsub & bernoulli(rng, C.EMAIL_UNSUBSCRIBE_RATE / C.EMAIL_OPEN_RATE[kind], m)
        last = np.where(t_click < C.NO_TIME, t_click, t_open)
        t_unsub = np.where(unsub, last + rng.integers(20_000, 300_000, m), C.NO_TIME)
        # nothing after the end of the window
        t_open = np.where(t_open < cfg.end_ms, t_open, C.NO_TIME)
        t_click = np.where((t_click < cfg.end_ms) & (t_open < C.NO_TIME), t_click, C.NO_TIME)
        t_unsub = np.where((t_unsub < cfg.end_ms) & (t_open < C.NO_TIME), t_unsub, C.NO_TIME)
        np.minimum.at(unsub_at, person, t_unsub)
        np.minimum.at(hard_bounce_at, person, np.where(aud.bad_email[person], t_sent, C.NO_TIME))
        parts.append((person, ci, t_sent, bounced, t_open, t_click, t_unsub))

    jitter = C.HOUR_MS * 2
    # triggered drips first
    for ci, c in enumerate(campaigns):
        if c.send_ms is not None:
            continue
        if c.kind == "nurture":
            trigger = np.where(aud.is_lead_only, aud.email_known, C.NO_TIME)
        else:
            trigger = aud.t_trial
        t = trigger + int(c.delay_days * C.DAY_MS) + rng.integers(0, jitter, n)
        ok = (trigger < C.NO_TIME) & (t < cfg.end_ms)
        if c.kind == "nurture":
            ok &= (t < aud.t_account) & aud.opt_in
        if c.name == "onboarding_connect_data":
            ok &= aud.t_connect > t
        if c.name == "onboarding_trial_ending":
            ok &= aud.t_purchase > t
        person = np.flatnonzero(ok)
        outcome(person, ci, t[person])
    # broadcasts in send order, honouring earlier unsubscribes and hard bounces
    order = sorted((c.send_ms, ci) for ci, c in enumerate(campaigns) if c.send_ms is not None)
    for send_ms, ci in order:
        c = campaigns[ci]
        t = send_ms + rng.integers(0, 20 * C.MINUTE_MS, n)
        if c.kind == "newsletter":
            ok = aud.opt_in & (aud.email_known < send_ms)
        else:
            ok = (aud.t_purchase < send_ms) & (aud.t_cancel > send_ms)
        ok &= (unsub_at > send_ms) & (hard_bounce_at > send_ms)
        person = np.flatnonzero(ok)
        outcome(person, ci, t[person])

    def cat_(k: int) -> np.ndarray:
        return np.concatenate([np.asarray(p[k]) for p in parts]) if parts else np.empty(0, dtype=np.int64)

    campaign = np.concatenate([np.full(len(p[0]), p[1]) for p in parts]) if parts else np.empty(0, dtype=np.int64)
    return Sends(person=cat_(0).astype(np.int64), campaign=campaign.astype(np.int32), t_sent=cat_(2),
                 bounced=cat_(3).astype(bool), t_open=cat_(4), t_click=cat_(5), t_unsub=cat_(6))
