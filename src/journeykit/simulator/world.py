"""The numpy part of a simulation run: persons, devices, lifecycle, emails, visits, events, orders."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import catalog as cat
from . import config as C
from .commerce import Commerce, build_commerce
from .devices import Devices, make_devices
from .events import Events, generate_events
from .lifecycle import (Checkouts, Customers, Sales, Trials, concat_checkouts, plan_customers, plan_new_checkouts,
                        plan_sales, plan_trials, plan_upgrade_checkouts, sales_signup_times)
from .mail import Audience, EmailCampaign, Sends, campaign_calendar, email_sources, plan_sends
from .people import Clock, People, make_people
from .visits import Actions, Pools, Visits, plan_visits
from .util import bernoulli, stream, IntArray

Progress = Callable[[str, str], None]


@dataclass
class World:
    """Everything simulated for one run, as numpy arrays (no strings yet)."""

    cfg: C.SimConfig
    people: People
    sales: Sales
    devices: Devices
    trials: Trials
    checkouts: Checkouts
    customers: Customers
    campaigns: list[EmailCampaign]
    sources: list[cat.Source]
    sends: Sends
    visits: Visits
    actions: Actions
    pools: Pools
    events: Events
    event_person: IntArray
    commerce: Commerce
    t_account: IntArray
    opt_in: np.ndarray


def _noop(phase: str, detail: str) -> None:
    return None


def build_world(cfg: C.SimConfig, progress: Progress = _noop) -> World:
    """Run all numpy phases of the simulation for ``cfg``."""
    seed = cfg.seed
    clock = Clock(cfg)
    campaigns = campaign_calendar(cfg)
    sources = list(cat.SOURCES) + email_sources(campaigns)
    news = [(c.send_ms, cat.N_STATIC_SOURCES + i) for i, c in enumerate(campaigns) if c.kind == "newsletter"]
    news.sort()
    news_sends = np.array([x[0] for x in news], dtype=np.int64)
    news_src = np.array([x[1] for x in news], dtype=np.int64)

    ppl = make_people(cfg, stream(seed, "people"), clock, news_sends, news_src)
    progress("people", f"{ppl.n:,} persons ({int(ppl.is_bot.sum()):,} bots)")

    rng = stream(seed, "lifecycle")
    sales = plan_sales(rng, cfg, ppl)
    t_sales_signup = sales_signup_times(rng, cfg, ppl, clock, sales)
    t_account = np.minimum(ppl.t_signup, t_sales_signup)
    has_account = t_account < C.NO_TIME
    dev = make_devices(stream(seed, "devices"), ppl.is_bot, has_account)
    progress("devices", f"{dev.n:,} anonymous ids ({int(dev.is_shared.sum()):,} shared)")
    trials = plan_trials(rng, cfg, ppl)
    new = plan_new_checkouts(rng, cfg, ppl, trials, sales, t_sales_signup, dev)
    cust = plan_customers(rng, cfg, ppl, new)
    upg = plan_upgrade_checkouts(rng, cust, ppl, dev)
    checkouts = concat_checkouts(new, upg)
    progress("lifecycle", f"{int(ppl.plan_trial.sum()):,} trials, {len(sales.person):,} opportunities, "
                          f"{len(checkouts.person):,} checkouts, {int(cust.is_customer.sum()):,} customers")

    rng = stream(seed, "email")
    n = ppl.n
    opt_in = np.where(ppl.lead_kind > 0, True,
                      np.where(ppl.plan_demo, bernoulli(rng, 0.6, n), bernoulli(rng, 0.5, n)))
    t_connect_plan = np.where(trials.step_done[:, 2], ppl.t_signup + np.where(trials.split > 2, 0, C.DAY_MS),
                              C.NO_TIME)
    aud = Audience(
        email_known=np.where(ppl.is_bot, C.NO_TIME, np.minimum(ppl.t_email_known, t_account)),
        opt_in=opt_in & ~ppl.is_bot,
        bad_email=ppl.bad_email,
        is_lead_only=~has_account & (np.minimum(ppl.t_email_known, t_account) < C.NO_TIME) & ~ppl.is_bot,
        t_account=t_account,
        t_trial=np.where(ppl.plan_trial, ppl.t_signup, C.NO_TIME),
        t_connect=t_connect_plan,
        t_purchase=cust.t_purchase,
        t_cancel=np.where(cust.is_customer, cust.t_cancel, C.NO_TIME),
    )
    sends = plan_sends(rng, cfg, campaigns, aud)
    progress("email", f"{len(campaigns)} campaigns, {len(sends.person):,} sends, "
                      f"{int((sends.t_click < C.NO_TIME).sum()):,} clicks")

    visits, actions, pools = plan_visits(stream(seed, "visits"), cfg, clock, ppl, dev, sources, trials, checkouts,
                                         cust, t_account, t_sales_signup, campaigns, sends)
    progress("visits", f"{visits.n:,} visits, {len(actions.visit):,} actions")

    events = generate_events(stream(seed, "events"), visits, actions, checkouts)
    event_person = visits.person[events.visit]
    progress("events", f"{events.n:,} distinct events")

    commerce = build_commerce(stream(seed, "commerce"), cfg, ppl, trials, checkouts, cust, events, event_person)
    progress("orders", f"{len(commerce.orders.person):,} orders, {len(commerce.subs.person):,} subscription events")
    return World(cfg=cfg, people=ppl, sales=sales, devices=dev, trials=trials, checkouts=checkouts, customers=cust,
                 campaigns=campaigns, sources=sources, sends=sends, visits=visits, actions=actions, pools=pools,
                 events=events, event_person=event_person, commerce=commerce, t_account=t_account, opt_in=opt_in)
