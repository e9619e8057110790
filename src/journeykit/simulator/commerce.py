"""Orders (checkout attempts, renewals, refunds) and subscription lifecycle events.

Built after the events are timed, so every checkout order carries the exact time of its
``order_completed`` / ``payment_failed`` event and subscription events line up with the product.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import catalog as cat
from . import config as C
from .events import Events, K
from .lifecycle import Checkouts, Customers, Trials, price_table, PAYMENT_ERRORS
from .people import People
from .util import bernoulli, expand, pick_exact, exact_count, IntArray, BoolArray

ORDER_STATUSES = ("completed", "failed", "refunded")
ORDER_TYPES = ("new", "renewal", "upgrade")
SUB_EVENTS = ("trial_started", "activated", "converted", "upgraded", "downgraded", "renewed", "cancelled")
ST_COMPLETED, ST_FAILED, ST_REFUNDED = range(3)


@dataclass
class Orders:
    """One row per order (checkout attempt or renewal charge). Rows < n_attempts are checkout attempts."""

    person: IntArray
    t: IntArray
    status: IntArray
    order_type: IntArray
    amount: np.ndarray
    currency: IntArray
    pm: IntArray
    plan: IntArray
    failure: IntArray        # index into PAYMENT_ERRORS or -1
    t_refund: IntArray
    number: IntArray         # order number (ids are ORD-<number>), increasing with time
    n_attempts: int
    zero_coupon: BoolArray


@dataclass
class Subscriptions:
    """Subscription lifecycle events."""

    person: IntArray
    type: IntArray
    t: IntArray
    plan: IntArray
    mrr: np.ndarray
    currency: IntArray


@dataclass
class Commerce:
    """Orders, subscriptions and the per-person facts derived from them."""

    orders: Orders
    subs: Subscriptions
    t_trial: IntArray
    t_activated: IntArray
    t_connect: IntArray
    t_first_purchase: IntArray
    t_cancel: IntArray
    final_plan: IntArray


def _first_time(person: IntArray, t: IntArray, n: int) -> IntArray:
    out = np.full(n, C.NO_TIME, dtype=np.int64)
    np.minimum.at(out, person, t)
    return out


def build_commerce(rng: np.random.Generator, cfg: C.SimConfig, ppl: People, trials: Trials, ck: Checkouts,
                   cust: Customers, ev: Events, event_person: IntArray) -> Commerce:
    """Derive orders and subscription events from the timed events and the lifecycle plan."""
    n = ppl.n
    end = cfg.end_ms
    prices = price_table()

    # --- checkout attempts: exact times from their events ------------------------------------
    n_att = len(ck.att_checkout)
    att_t = np.full(n_att, C.NO_TIME, dtype=np.int64)
    res = np.flatnonzero((ev.kind == K["order_completed"]) | (ev.kind == K["payment_failed"]))
    att_t[ev.ref[res]] = ev.ts[res]
    if (att_t == C.NO_TIME).any():
        raise RuntimeError("every checkout attempt must have an event")
    att_person = ck.person[ck.att_checkout]
    att_ok = ~ck.att_failed
    att_type = np.where(ck.is_upgrade[ck.att_checkout], 2, 0)

    # --- per-person facts from events ----------------------------------------------------------
    trial_ev = np.flatnonzero(ev.kind == K["trial_start"])
    t_trial = _first_time(event_person[trial_ev], ev.ts[trial_ev], n)
    step_prop = ev.props.get({"step": C.KEY_ONBOARDING_STEP})
    conn_ev = np.flatnonzero((ev.kind == K["onboarding_step_completed"]) & (ev.prop == step_prop))
    t_connect = _first_time(event_person[conn_ev], ev.ts[conn_ev], n)
    t_act = np.where(trials.act_after_connect, t_connect, t_trial) + trials.act_delay_ms
    t_act = np.where(trials.activated & (t_trial < C.NO_TIME) & (t_act < end), t_act, C.NO_TIME)
    new_ok = att_ok & (att_type == 0)
    t_first = _first_time(att_person[new_ok], att_t[new_ok], n)
    is_cust = t_first < C.NO_TIME
    up_ok = att_ok & (att_type == 2)
    t_upgraded = _first_time(att_person[up_ok], att_t[up_ok], n)
    t_cancel = np.where(is_cust & (cust.t_cancel > t_first + C.DAY_MS), cust.t_cancel, C.NO_TIME)
    t_down = np.where(is_cust & (cust.t_downgrade > t_first) & (cust.t_downgrade < t_cancel), cust.t_downgrade,
                      C.NO_TIME)

    def plan_at(person: IntArray, t: IntArray) -> IntArray:
        p = cust.plan[person].astype(np.int64)
        p = p + (t >= t_upgraded[person])
        p = p - (t >= t_down[person])
        return np.clip(p, 0, 2)

    # --- renewals (monthly charges, no events: charged server-side) ---------------------------
    period = C.BILLING_PERIOD_DAYS * C.DAY_MS
    horizon = np.minimum(t_cancel, end)
    k = np.where(is_cust, np.maximum((horizon - t_first - 1) // period, 0), 0)
    rows = expand(k)
    r_person = rows
    r_k = 1 + (np.arange(len(rows)) - (np.cumsum(k) - k)[rows])
    r_t = t_first[rows] + r_k * period
    r_plan = plan_at(r_person, r_t)
    r_amount = prices[ppl.currency[r_person], r_plan] * cust.units[r_person]
    r_fail = bernoulli(rng, C.P_RENEWAL_PAYMENT_FAILURE, len(rows))
    retry_t = r_t + rng.integers(1 * C.DAY_MS, 3 * C.DAY_MS, len(rows))
    retry = r_fail & (retry_t < horizon[r_person])
    f_err = np.array([PAYMENT_ERRORS.index(e) for e in cat.RENEWAL_FAILURE_REASONS])
    # a failed renewal charge, then (if in time) the successful retry
    ren_person = np.concatenate([r_person[~r_fail], r_person[r_fail], r_person[retry]])
    ren_t = np.concatenate([r_t[~r_fail], r_t[r_fail], retry_t[retry]])
    ren_amount = np.concatenate([r_amount[~r_fail], r_amount[r_fail], r_amount[retry]])
    ren_plan = np.concatenate([r_plan[~r_fail], r_plan[r_fail], r_plan[retry]])
    ren_failed = np.concatenate([np.zeros(int((~r_fail).sum()), bool), np.ones(int(r_fail.sum()), bool),
                                 np.zeros(int(retry.sum()), bool)])
    ren_err = np.where(ren_failed, f_err[rng.integers(0, len(f_err), len(ren_failed))], -1)
    ren_ok_t = np.where(~ren_failed, ren_t, C.NO_TIME)

    # --- all orders -----------------------------------------------------------------------------
    person = np.concatenate([att_person, ren_person])
    t = np.concatenate([att_t, ren_t])
    failed = np.concatenate([ck.att_failed, ren_failed])
    order_type = np.concatenate([att_type, np.ones(len(ren_person), dtype=np.int64)])
    amount = np.concatenate([ck.att_amount, ren_amount]).astype(np.float64)
    currency = np.concatenate([ck.currency[ck.att_checkout], ppl.currency[ren_person]])
    pm = np.concatenate([ck.att_pm, cust.pm[ren_person]])
    plan = np.concatenate([ck.plan[ck.att_checkout], ren_plan])
    failure = np.concatenate([ck.att_error, ren_err])
    status = np.where(failed, ST_FAILED, ST_COMPLETED)
    # refunds: the last paid order before cancellation, refunded when the customer cancels
    refund_p = cust.refund_at_churn & (t_cancel < C.NO_TIME)
    paid = (status == ST_COMPLETED) & (order_type != 2) & refund_p[person] & (t < t_cancel[person])
    last_paid = np.full(n, -1, dtype=np.int64)
    order_idx = np.arange(len(person))
    srt = np.lexsort((t, person))
    sel = srt[paid[srt]]
    last_paid[person[sel]] = sel  # later rows overwrite earlier ones: ends with the latest
    ref_rows = last_paid[last_paid >= 0]
    status[ref_rows] = ST_REFUNDED
    t_refund = np.full(len(person), C.NO_TIME, dtype=np.int64)
    t_refund[ref_rows] = t_cancel[person[ref_rows]]
    # 100 % coupons: a few completed new/renewal orders are legitimately free
    eligible = (status == ST_COMPLETED) & (order_type != 2)
    zero = np.zeros(len(person), dtype=bool)
    zero[pick_exact(rng, eligible, exact_count(C.ZERO_AMOUNT_RATE, len(person)))] = True
    amount = np.where(zero, 0.0, amount)
    number = np.empty(len(person), dtype=np.int64)
    number[np.lexsort((order_idx, t))] = 100_001 + np.arange(len(person))
    orders = Orders(person=person, t=t, status=status.astype(np.int8), order_type=order_type.astype(np.int8),
                    amount=amount, currency=currency.astype(np.int8), pm=pm.astype(np.int8),
                    plan=plan.astype(np.int8), failure=failure.astype(np.int8), t_refund=t_refund, number=number,
                    n_attempts=n_att, zero_coupon=zero)

    # --- subscription events ---------------------------------------------------------------------
    units = cust.units
    cur = ppl.currency
    parts: list[tuple[IntArray, int, IntArray, IntArray, np.ndarray]] = []

    def add(mask_or_idx: BoolArray | IntArray, typ: str, times: IntArray, plan_: IntArray, paying: bool) -> None:
        idx = np.flatnonzero(mask_or_idx) if mask_or_idx.dtype == bool else mask_or_idx
        tt = times if len(times) == len(idx) else times[idx]
        pl = plan_ if len(plan_) == len(idx) else plan_[idx]
        mrr = prices[cur[idx], pl] * units[idx] if paying else np.zeros(len(idx))
        parts.append((idx, SUB_EVENTS.index(typ), tt, pl, mrr))

    trial_plan = trials.plan.astype(np.int64)
    add(t_trial < C.NO_TIME, "trial_started", t_trial, trial_plan, False)
    add(t_act < C.NO_TIME, "activated", t_act, trial_plan, False)
    add(is_cust, "converted", t_first, cust.plan.astype(np.int64), True)
    up = t_upgraded < C.NO_TIME
    add(up, "upgraded", t_upgraded, np.clip(cust.plan.astype(np.int64) + 1, 0, 2), True)
    dn = t_down < C.NO_TIME
    add(dn, "downgraded", t_down, np.clip(cust.plan.astype(np.int64) - 1, 0, 2), True)
    ok_ren = ren_ok_t < C.NO_TIME
    rp = ren_person[ok_ren]
    add(rp, "renewed", ren_t[ok_ren], ren_plan[ok_ren], True)
    cancel = t_cancel < C.NO_TIME
    final_plan = plan_at(np.arange(n), np.full(n, end))
    idx = np.flatnonzero(cancel)
    parts.append((idx, SUB_EVENTS.index("cancelled"), t_cancel[idx], final_plan[idx], np.zeros(len(idx))))
    subs = Subscriptions(
        person=np.concatenate([p[0] for p in parts]),
        type=np.concatenate([np.full(len(p[0]), p[1], dtype=np.int8) for p in parts]),
        t=np.concatenate([p[2] for p in parts]),
        plan=np.concatenate([p[3] for p in parts]).astype(np.int8),
        mrr=np.concatenate([p[4] for p in parts]),
        currency=cur[np.concatenate([p[0] for p in parts])].astype(np.int8),
    )
    return Commerce(orders=orders, subs=subs, t_trial=t_trial, t_activated=t_act, t_connect=t_connect,
                    t_first_purchase=t_first, t_cancel=t_cancel, final_plan=np.where(is_cust, final_plan, -1))
