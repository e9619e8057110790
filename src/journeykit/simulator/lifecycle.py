"""Customer lifecycle planning: sales pipeline, trials and onboarding, checkouts, churn.

This phase only decides *what* happens and roughly *when* (planned times); exact times of
anything that is also tracked as an event are taken from the events later (``commerce.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import catalog as cat
from . import config as C
from .devices import Devices
from .people import People, Clock
from .util import bernoulli, categorical, IntArray, BoolArray

STAGES = ("discovery", "demo", "proposal", "negotiation", "closed_won", "closed_lost")
PAYMENT_ERRORS = ("card_declined", "insufficient_funds", "expired_card", "processing_error",
                  "authentication_required", "paypal_popup_blocked", "paypal_authorization_failed")
_CARD_ERROR_WEIGHTS = (0.40, 0.25, 0.15, 0.10, 0.10, 0.0, 0.0)
_PAYPAL_ERROR_WEIGHTS = (0.0, 0.0, 0.0, 0.5, 0.0, 0.0, 0.5)
_SAFARI_PAYPAL_ERROR_WEIGHTS = (0.0, 0.0, 0.0, 0.0, 0.0, 0.7, 0.3)
_BANK_ERROR_WEIGHTS = (0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0)
SALES_UNITS = np.array([1, 2, 3, 5, 10])
SALES_UNIT_WEIGHTS = (0.35, 0.25, 0.2, 0.15, 0.05)
PM_CARD, PM_PAYPAL, PM_APPLE, PM_BANK = range(4)


def price_table() -> np.ndarray:
    """(currency, plan) -> monthly list price."""
    return np.array([[C.PLAN_PRICES[c][p] for p in cat.PLANS] for c in cat.CURRENCIES])


@dataclass
class Sales:
    """Opportunities (one per row) and the per-person outcome of the sales path."""

    person: IntArray
    reach: IntArray          # (n, 4) planned time each open stage was reached (NO_TIME if not)
    stage: IntArray          # current stage index into STAGES
    t_closed: IntArray
    plan: IntArray
    units: IntArray
    won_person: BoolArray    # per person
    t_won: IntArray          # per person


@dataclass
class Trials:
    """Per-person trial and onboarding plan (rows of non-trialists are ignored)."""

    plan: IntArray
    step_done: BoolArray     # (n, 4)
    split: IntArray          # steps with index < split happen in the sign-up visit
    t_followup: IntArray     # onboarding follow-up app visit (NO_TIME if none)
    activated: BoolArray
    act_after_connect: BoolArray
    act_delay_ms: IntArray
    t_act_est: IntArray


@dataclass
class Checkouts:
    """Checkout sessions and their payment attempts (one order per attempt)."""

    person: IntArray
    t: IntArray
    plan: IntArray
    units: IntArray
    currency: IntArray
    is_upgrade: BoolArray
    is_sales: BoolArray
    device: IntArray
    first_attempt: IntArray
    n_attempts: IntArray
    success: BoolArray
    att_checkout: IntArray
    att_no: IntArray
    att_pm: IntArray
    att_failed: BoolArray
    att_error: IntArray
    att_amount: np.ndarray


@dataclass
class Customers:
    """Per-person subscription plan after the first purchase (planned)."""

    is_customer: BoolArray
    t_purchase: IntArray
    plan: IntArray
    units: IntArray
    pm: IntArray
    t_cancel: IntArray
    t_upgrade: IntArray      # planned upgrade checkout time (NO_TIME if none)
    t_downgrade: IntArray
    refund_at_churn: BoolArray


def plan_sales(rng: np.random.Generator, cfg: C.SimConfig, ppl: People) -> Sales:
    """Opportunities for demo requesters on the sales path (non-trialists)."""
    n = ppl.n
    t_open = ppl.t_demo + rng.integers(2 * C.DAY_MS, 10 * C.DAY_MS, n)
    has_opp = (ppl.plan_demo & ~ppl.plan_trial & bernoulli(rng, C.P_OPPORTUNITY_FROM_DEMO, n)
               & (t_open < cfg.end_ms - C.HOUR_MS))
    person = np.flatnonzero(has_opp)
    m = len(person)
    reach = np.full((m, 4), C.NO_TIME, dtype=np.int64)
    reach[:, 0] = t_open[person]
    adv = np.stack([bernoulli(rng, p, m) for p in C.STAGE_ADVANCE], axis=1)
    for k in range(1, 4):
        nxt = reach[:, k - 1] + rng.integers(5 * C.DAY_MS, 21 * C.DAY_MS, m)
        reach[:, k] = np.where(adv[:, k - 1] & (reach[:, k - 1] < C.NO_TIME), nxt, C.NO_TIME)
    last = (reach < C.NO_TIME).sum(axis=1) - 1
    won = adv.all(axis=1)
    t_closed = reach[np.arange(m), last] + rng.integers(3 * C.DAY_MS, 18 * C.DAY_MS, m)
    # the window may end before the deal closes or before later stages were reached
    reach = np.where(reach < cfg.end_ms, reach, C.NO_TIME)
    open_last = (reach < C.NO_TIME).sum(axis=1) - 1
    closed = t_closed < cfg.end_ms - C.DAY_MS
    stage = np.where(closed, np.where(won, 4, 5), open_last)
    t_closed = np.where(closed, t_closed, C.NO_TIME)
    plan = np.where(bernoulli(rng, 0.65, m), 2, 1)
    units = SALES_UNITS[categorical(rng, m, SALES_UNIT_WEIGHTS)]
    won_person = np.zeros(n, dtype=bool)
    t_won = np.full(n, C.NO_TIME, dtype=np.int64)
    w = closed & won
    won_person[person[w]] = True
    t_won[person[w]] = t_closed[w]
    return Sales(person=person, reach=reach, stage=stage.astype(np.int8), t_closed=t_closed,
                 plan=plan.astype(np.int8), units=units, won_person=won_person, t_won=t_won)


def sales_signup_times(rng: np.random.Generator, cfg: C.SimConfig, ppl: People, clock: Clock,
                       sales: Sales) -> IntArray:
    """Account creation (sign-up + checkout visit) of won sales deals, a few days after closing."""
    t = clock.later(rng, sales.t_won, 2.0, ppl.tz_min)
    t = np.where(sales.won_person & (t < cfg.end_ms - C.DAY_MS), t, C.NO_TIME)
    return t


def plan_trials(rng: np.random.Generator, cfg: C.SimConfig, ppl: People) -> Trials:
    """Trial plan, onboarding steps (effect 4) and activation."""
    n = ppl.n
    trial = ppl.plan_trial
    plan = categorical(rng, n, [C.TRIAL_PLAN_MIX[p] for p in cat.PLANS])
    after_change = ppl.t_signup >= cfg.change_ms
    done = np.zeros((n, 4), dtype=bool)
    done[:, 0] = trial & bernoulli(rng, C.P_CREATE_PROJECT, n)
    done[:, 1] = done[:, 0] & bernoulli(rng, C.P_INVITE_TEAMMATE, n)
    p_connect = np.where(after_change, C.P_CONNECT_AFTER_CHANGE, C.P_CONNECT_BEFORE_CHANGE)
    done[:, 2] = done[:, 0] & bernoulli(rng, p_connect)
    done[:, 3] = done[:, 0] & bernoulli(rng, np.where(done[:, 2], C.P_FIRST_REPORT_WITH_DATA,
                                                        C.P_FIRST_REPORT_WITHOUT_DATA))
    split = categorical(rng, n, (0.0, 0.3, 0.3, 0.2, 0.2))
    t_follow = ppl.t_signup + rng.integers(12 * C.HOUR_MS, 4 * C.DAY_MS, n)
    needs_follow = (done & (np.arange(4)[None, :] >= split[:, None])).any(axis=1)
    follow_ok = t_follow < cfg.end_ms - C.HOUR_MS
    done &= ~((np.arange(4)[None, :] >= split[:, None]) & ~follow_ok[:, None])
    t_followup = np.where(needs_follow & follow_ok & trial, t_follow, C.NO_TIME)
    connected = done[:, 2]
    activated = trial & bernoulli(rng, np.where(connected, C.P_ACTIVATE_WITH_KEY_STEP, C.P_ACTIVATE_WITHOUT_KEY_STEP))
    act_delay = np.where(connected, rng.integers(10 * C.MINUTE_MS, 2 * C.DAY_MS, n),
                         rng.integers(1 * C.DAY_MS, 12 * C.DAY_MS, n))
    t_act_est = np.where(connected, np.where(split > 2, ppl.t_signup, t_follow), ppl.t_signup) + act_delay
    activated &= t_act_est < cfg.end_ms - C.HOUR_MS
    return Trials(plan=plan.astype(np.int8), step_done=done, split=split, t_followup=t_followup,
                  activated=activated, act_after_connect=connected, act_delay_ms=act_delay,
                  t_act_est=np.where(activated, t_act_est, C.NO_TIME))


def run_checkouts(rng: np.random.Generator, person: IntArray, t: IntArray, plan: IntArray, units: IntArray,
                  currency: IntArray, is_upgrade: BoolArray, is_sales: BoolArray, device: IntArray,
                  dev: Devices) -> Checkouts:
    """Simulate payment attempts: Safari + PayPal fails far more often (effect 1); failures may retry."""
    m = len(person)
    browser = np.array([p.browser or "" for p in cat.ALL_PROFILES])[dev.profile[device]]
    safari = browser == "Safari"
    pm_mix = np.array([C.PAYMENT_METHOD_MIX[k] for k in cat.PAYMENT_METHODS])
    pm = categorical(rng, m, pm_mix)
    sales_pm = categorical(rng, m, (0.45, 0.15, 0.0, 0.40))
    pm = np.where(is_sales, sales_pm, pm)
    pm = np.where((pm == PM_APPLE) & ~safari, PM_CARD, pm)
    prices = price_table()
    amount = prices[currency, plan] * units
    rows: list[tuple[IntArray, int, IntArray, BoolArray, IntArray]] = []
    active = np.arange(m)
    cur_pm = pm.copy()
    success = np.zeros(m, dtype=bool)
    for attempt in range(C.MAX_CHECKOUT_ATTEMPTS):
        k = len(active)
        pmk = cur_pm[active]
        sp = safari[active] & (pmk == PM_PAYPAL)
        failed = bernoulli(rng, np.where(sp, C.P_FAIL_SAFARI_PAYPAL, C.P_FAIL_OTHER))
        w_err = np.where(sp[:, None], np.array(_SAFARI_PAYPAL_ERROR_WEIGHTS)[None, :],
                         np.where((pmk == PM_PAYPAL)[:, None], np.array(_PAYPAL_ERROR_WEIGHTS)[None, :],
                                  np.where((pmk == PM_BANK)[:, None], np.array(_BANK_ERROR_WEIGHTS)[None, :],
                                           np.array(_CARD_ERROR_WEIGHTS)[None, :])))
        cum = np.cumsum(w_err, axis=1)
        err = (rng.random(k)[:, None] > cum / cum[:, -1:]).sum(axis=1)
        rows.append((active, attempt, pmk, failed, np.where(failed, err, -1)))
        success[active[~failed]] = True
        retry = failed & bernoulli(rng, C.P_RETRY_AFTER_FAILURE, k)
        active = active[retry]
        switch = bernoulli(rng, C.P_SWITCH_METHOD_ON_RETRY, len(active))
        cur_pm[active] = np.where(switch, PM_CARD, cur_pm[active])
    att_checkout = np.concatenate([r[0] for r in rows])
    att_no = np.concatenate([np.full(len(r[0]), r[1]) for r in rows])
    order = np.lexsort((att_no, att_checkout))
    att_checkout = att_checkout[order]
    att_no = att_no[order]
    att_pm = np.concatenate([r[2] for r in rows])[order]
    att_failed = np.concatenate([r[3] for r in rows])[order]
    att_error = np.concatenate([r[4] for r in rows])[order]
    n_attempts = np.bincount(att_checkout, minlength=m)
    first_attempt = np.cumsum(n_attempts) - n_attempts
    return Checkouts(person=person, t=t, plan=plan.astype(np.int8), units=units, currency=currency.astype(np.int8),
                     is_upgrade=is_upgrade, is_sales=is_sales, device=device, first_attempt=first_attempt,
                     n_attempts=n_attempts, success=success, att_checkout=att_checkout, att_no=att_no,
                     att_pm=att_pm.astype(np.int8), att_failed=att_failed, att_error=att_error.astype(np.int8),
                     att_amount=amount[att_checkout])


def concat_checkouts(a: Checkouts, b: Checkouts) -> Checkouts:
    """Concatenate two checkout sets (attempt references of ``b`` are shifted)."""
    shift = len(a.person)
    att_shift = len(a.att_checkout)
    return Checkouts(
        person=np.concatenate([a.person, b.person]), t=np.concatenate([a.t, b.t]),
        plan=np.concatenate([a.plan, b.plan]), units=np.concatenate([a.units, b.units]),
        currency=np.concatenate([a.currency, b.currency]), is_upgrade=np.concatenate([a.is_upgrade, b.is_upgrade]),
        is_sales=np.concatenate([a.is_sales, b.is_sales]), device=np.concatenate([a.device, b.device]),
        first_attempt=np.concatenate([a.first_attempt, b.first_attempt + att_shift]),
        n_attempts=np.concatenate([a.n_attempts, b.n_attempts]), success=np.concatenate([a.success, b.success]),
        att_checkout=np.concatenate([a.att_checkout, b.att_checkout + shift]),
        att_no=np.concatenate([a.att_no, b.att_no]), att_pm=np.concatenate([a.att_pm, b.att_pm]),
        att_failed=np.concatenate([a.att_failed, b.att_failed]), att_error=np.concatenate([a.att_error, b.att_error]),
        att_amount=np.concatenate([a.att_amount, b.att_amount]),
    )


def plan_new_checkouts(rng: np.random.Generator, cfg: C.SimConfig, ppl: People, trials: Trials, sales: Sales,
                       t_sales_signup: IntArray, dev: Devices) -> Checkouts:
    """Checkout sessions of trialists (by activation; effect 3 multiplier) and of won sales deals."""
    n = ppl.n
    spring = np.isin(ppl.source, [cat.SOURCE_INDEX["psoc_facebook_spring"], cat.SOURCE_INDEX["psoc_instagram_spring"]])
    p = np.where(trials.activated, C.P_CHECKOUT_IF_ACTIVATED, C.P_CHECKOUT_IF_NOT_ACTIVATED)
    p = p * np.where(spring, C.SPRING_PROMO_PURCHASE_MULTIPLIER, 1.0)
    buys = ppl.plan_trial & bernoulli(rng, p)
    t_trial_buy = np.where(trials.activated, np.maximum(trials.t_act_est, ppl.t_signup + 3 * C.DAY_MS)
                           + rng.integers(2 * C.HOUR_MS, 6 * C.DAY_MS, n),
                           ppl.t_signup + rng.integers(5 * C.DAY_MS, 15 * C.DAY_MS, n))
    buys &= t_trial_buy < cfg.end_ms - C.HOUR_MS
    sales_buy = t_sales_signup < C.NO_TIME
    person = np.concatenate([np.flatnonzero(buys), np.flatnonzero(sales_buy)])
    is_sales = np.concatenate([np.zeros(int(buys.sum()), bool), np.ones(int(sales_buy.sum()), bool)])
    t = np.concatenate([t_trial_buy[buys], t_sales_signup[sales_buy]])
    sales_plan = np.zeros(n, dtype=np.int8)
    sales_units = np.ones(n, dtype=np.int64)
    sales_plan[sales.person] = sales.plan
    sales_units[sales.person] = sales.units
    plan = np.where(is_sales, sales_plan[person], trials.plan[person])
    units = np.where(is_sales, sales_units[person], 1)
    device = dev.start[person]
    return run_checkouts(rng, person, t, plan, units, ppl.currency[person], np.zeros(len(person), bool),
                         is_sales, device, dev)


def plan_customers(rng: np.random.Generator, cfg: C.SimConfig, ppl: People, new: Checkouts) -> Customers:
    """Churn month by acquisition channel (effect 5), upgrades, downgrades and refunds at churn."""
    n = ppl.n
    is_customer = np.zeros(n, dtype=bool)
    t_purchase = np.full(n, C.NO_TIME, dtype=np.int64)
    plan = np.zeros(n, dtype=np.int8)
    units = np.ones(n, dtype=np.int64)
    pm = np.zeros(n, dtype=np.int8)
    ok = new.success
    person = new.person[ok]
    is_customer[person] = True
    t_purchase[person] = new.t[ok]
    plan[person] = new.plan[ok]
    units[person] = new.units[ok]
    last_ok = new.first_attempt + new.n_attempts - 1
    pm[person] = new.att_pm[last_ok[ok]]
    churn_p = np.array([C.MONTHLY_CHURN[g] for g in cat.CHANNEL_GROUPS])[ppl.group]
    months = rng.geometric(churn_p)
    t_cancel = t_purchase + (months - 1) * C.BILLING_PERIOD_DAYS * C.DAY_MS + rng.integers(
        1 * C.DAY_MS, (C.BILLING_PERIOD_DAYS - 1) * C.DAY_MS, n)
    t_cancel = np.where(is_customer & (t_cancel < cfg.end_ms - C.HOUR_MS), t_cancel, C.NO_TIME)
    t_up = t_purchase + rng.integers(15 * C.DAY_MS, 200 * C.DAY_MS, n)
    upgrade = is_customer & (plan < 2) & bernoulli(rng, C.P_UPGRADE, n)
    upgrade &= (t_up < t_cancel - C.DAY_MS) & (t_up < cfg.end_ms - C.DAY_MS)
    t_down = t_purchase + rng.integers(30 * C.DAY_MS, 200 * C.DAY_MS, n)
    down = is_customer & (plan > 0) & ~upgrade & bernoulli(rng, C.P_DOWNGRADE, n)
    down &= (t_down < t_cancel - C.DAY_MS) & (t_down < cfg.end_ms - C.HOUR_MS)
    refund = (t_cancel < C.NO_TIME) & bernoulli(rng, C.P_REFUND_AT_CHURN, n)
    return Customers(is_customer=is_customer, t_purchase=t_purchase, plan=plan, units=units, pm=pm,
                     t_cancel=t_cancel, t_upgrade=np.where(upgrade, t_up, C.NO_TIME),
                     t_downgrade=np.where(down, t_down, C.NO_TIME), refund_at_churn=refund)


def plan_upgrade_checkouts(rng: np.random.Generator, cust: Customers, ppl: People, dev: Devices) -> Checkouts:
    """Upgrade checkout sessions (one plan up) for customers who planned an upgrade."""
    person = np.flatnonzero(cust.t_upgrade < C.NO_TIME)
    m = len(person)
    return run_checkouts(rng, person, cust.t_upgrade[person], (cust.plan[person] + 1).astype(np.int8),
                         cust.units[person], ppl.currency[person], np.ones(m, bool), np.zeros(m, bool),
                         dev.start[person], dev)

