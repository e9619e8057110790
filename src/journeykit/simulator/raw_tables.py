"""Landing tables derived from commerce, email and ad activity: orders, subscriptions, email_events, ad_spend."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from . import catalog as cat
from . import config as C
from .commerce import ORDER_STATUSES, ORDER_TYPES, SUB_EVENTS
from .dirty import DefectLog, load_lag_ms
from .lifecycle import PAYMENT_ERRORS
from .parquet_io import CONTRACT_COLUMNS, money, write_table
from .strings import PersonStrings, iso_z, prefixed_ids, take
from .tables import Draft, finish, plan_quarantine
from .visits import KIND_BOT
from .world import World
from .util import stream

EMAIL_EVENT_TYPES = ("sent", "delivered", "opened", "clicked", "bounced", "unsubscribed")


def order_ids(w: World) -> pa.Array:
    """``ORD-<number>`` for every order (numbers increase with order time)."""
    return pa.array(np.char.add("ORD-", w.commerce.orders.number.astype(str)), pa.string())


def order_properties(con: duckdb.DuckDBPyConnection, w: World, ids: pa.Array) -> pa.Array:
    """JSON properties of the checkout-attempt events (``payment_failed`` / ``order_completed``)."""
    o = w.commerce.orders
    a = o.n_attempts
    tbl = pa.table({
        "order_id": ids.slice(0, a),
        "failed": pa.array(o.status[:a] == 1),
        "pm": take(pa.array(cat.PAYMENT_METHODS), o.pm[:a]),
        "err": take(pa.array(PAYMENT_ERRORS), o.failure[:a]),
        "revenue": pa.array(np.round(o.amount[:a], 2)),
        "currency": take(pa.array(cat.CURRENCIES), o.currency[:a]),
        "plan": take(pa.array(cat.PLANS), o.plan[:a]),
    })
    con.register("_op", tbl)
    out = con.execute("""
        SELECT CASE WHEN failed
            THEN '{"order_id":"' || order_id || '","payment_method":"' || pm || '","error_code":"' || err || '"}'
            ELSE '{"order_id":"' || order_id || '","revenue":' || printf('%.2f', revenue) || ',"currency":"'
                 || currency || '","plan":"' || plan || '","payment_method":"' || pm || '"}' END AS p
        FROM _op
    """).to_arrow_table()["p"].combine_chunks()
    con.unregister("_op")
    return out


def write_orders(con: duckdb.DuckDBPyConnection, w: World, ps: PersonStrings, ids: pa.Array, log: DefectLog,
                 out_dir: Path) -> int:
    """``orders``: checkout attempts, renewals and refunds, with invalid amounts/currencies planted."""
    rng = stream(w.cfg.seed, "raw_orders")
    o = w.commerce.orders
    n = len(o.person)
    q, names = plan_quarantine(rng, n, {"negative_amount": C.NEGATIVE_AMOUNT_RATE,
                                        "unknown_currency": C.UNKNOWN_CURRENCY_RATE}, eligible=~o.zero_coupon)
    amount = np.where(q == 1 + names.index("negative_amount"), -np.abs(o.amount), o.amount)
    currency = take(pa.array(cat.CURRENCIES + C.UNKNOWN_CURRENCIES),
                    np.where(q == 1 + names.index("unknown_currency"),
                             len(cat.CURRENCIES) + rng.integers(0, len(C.UNKNOWN_CURRENCIES), n), o.currency))
    log.add("orders", ids, o.zero_coupon, "zero_amount")
    last_change = np.where(o.t_refund < C.NO_TIME, o.t_refund, o.t)
    d = Draft(
        name="orders", ids=ids,
        columns={
            "order_id": ids, "user_id": ps.user_id.take(pa.array(o.person)),
            "status": take(pa.array(ORDER_STATUSES), o.status), "order_type": take(pa.array(ORDER_TYPES), o.order_type),
            "amount": money(amount), "currency": currency, "payment_method": take(pa.array(cat.PAYMENT_METHODS), o.pm),
            "plan": take(pa.array(cat.PLANS), o.plan), "failure_reason": take(pa.array(PAYMENT_ERRORS), o.failure),
            "refunded_at": iso_z(con, o.t_refund),
        },
        ts_col="ordered_at", ts_ms=o.t, tz_min=w.people.tz_min[o.person],
        loaded_ms=last_change + rng.integers(C.MINUTE_MS, 2 * C.HOUR_MS, n), email_person=o.person, quarantine=q)
    order = np.argsort(o.number)
    return finish(con, rng, _reorder(d, order), names, ps, log, out_dir)


def _reorder(d: Draft, order: np.ndarray) -> Draft:
    """Rows of a draft in a new order."""
    idx = pa.array(order)
    return Draft(name=d.name, ids=d.ids.take(idx), columns={k: v.take(idx) for k, v in d.columns.items()},
                 ts_col=d.ts_col, ts_ms=d.ts_ms[order], tz_min=d.tz_min[order], loaded_ms=d.loaded_ms[order],
                 email_person=None if d.email_person is None else d.email_person[order],
                 quarantine=d.quarantine[order] if len(d.quarantine) else d.quarantine,
                 other_defects=d.other_defects[order] if len(d.other_defects) else d.other_defects)


def subscription_ids(w: World) -> pa.Array:
    """``sub_`` ids per person (only used for account holders)."""
    return prefixed_ids(stream(w.cfg.seed, "subscription_ids"), w.people.n, "sub_", 14)


def write_subscriptions(con: duckdb.DuckDBPyConnection, w: World, ps: PersonStrings, sub_ids: pa.Array,
                        log: DefectLog, out_dir: Path) -> int:
    """``subscriptions``: lifecycle events of every subscription."""
    rng = stream(w.cfg.seed, "raw_subscriptions")
    s = w.commerce.subs
    order = np.lexsort((s.type, s.t))
    n = len(order)
    person = s.person[order]
    ids = prefixed_ids(rng, n, "sev_", 16)
    q, names = plan_quarantine(rng, n)
    d = Draft(
        name="subscriptions", ids=ids,
        columns={
            "subscription_event_id": ids, "subscription_id": sub_ids.take(pa.array(person)),
            "user_id": ps.user_id.take(pa.array(person)), "event_type": take(pa.array(SUB_EVENTS), s.type[order]),
            "plan": take(pa.array(cat.PLANS), s.plan[order]), "mrr": money(s.mrr[order]),
            "currency": take(pa.array(cat.CURRENCIES), s.currency[order]),
        },
        ts_col="event_at", ts_ms=s.t[order], tz_min=w.people.tz_min[person],
        loaded_ms=s.t[order] + load_lag_ms(rng, n, 30.0, 3.0), email_person=person, quarantine=q)
    return finish(con, rng, d, names, ps, log, out_dir)


def write_email_events(con: duckdb.DuckDBPyConnection, w: World, ps: PersonStrings, log: DefectLog,
                       out_dir: Path) -> int:
    """``email_events``: sent/delivered/bounced/opened/clicked/unsubscribed rows of every send."""
    rng = stream(w.cfg.seed, "raw_email")
    sd = w.sends
    m = len(sd.person)
    deliver_t = sd.t_sent + rng.integers(1_000, 60_000, m)
    bounce_t = sd.t_sent + rng.integers(1_000, 120_000, m)
    parts = [
        (np.arange(m), 0, sd.t_sent),
        (np.flatnonzero(~sd.bounced), 1, deliver_t),
        (np.flatnonzero(sd.t_open < C.NO_TIME), 2, sd.t_open),
        (np.flatnonzero(sd.t_click < C.NO_TIME), 3, sd.t_click),
        (np.flatnonzero(sd.bounced), 4, bounce_t),
        (np.flatnonzero(sd.t_unsub < C.NO_TIME), 5, sd.t_unsub),
    ]
    send = np.concatenate([p[0] for p in parts])
    etype = np.concatenate([np.full(len(p[0]), p[1]) for p in parts])
    t = np.concatenate([p[2][p[0]] for p in parts])
    order = np.lexsort((etype, t))
    send, etype, t = send[order], etype[order], t[order]
    n = len(send)
    person = sd.person[send]
    camp = sd.campaign[send]
    campaigns = w.campaigns
    links = []
    for c in campaigns:
        base = (cat.APP + c.link[3:]) if c.link.startswith("APP/") else cat.WWW + c.link
        links.append(f"{base}?utm_source=newsletter&utm_medium=email&utm_campaign={c.name}")
    ids = prefixed_ids(rng, n, "", 22)
    q, names = plan_quarantine(rng, n, {"future_timestamp": C.FUTURE_TS_RATE_EMAIL})
    d = Draft(
        name="email_events", ids=ids,
        columns={
            "email_event_id": ids, "event_type": take(pa.array(EMAIL_EVENT_TYPES), etype),
            "campaign_id": take(pa.array([c.campaign_id for c in campaigns]), camp),
            "campaign_name": take(pa.array([c.name for c in campaigns]), camp),
            "link_url": take(pa.array(links), np.where(etype == 3, camp, -1)),
        },
        ts_col="event_at", ts_ms=t, tz_min=w.people.tz_min[person],
        loaded_ms=t + load_lag_ms(rng, n, 10.0, 2.0), email_person=person, quarantine=q)
    return finish(con, rng, d, names, ps, log, out_dir, late_rate=C.LATE_ARRIVAL_RATE,
                  dup_rate=C.DUPLICATE_EMAIL_EVENT_RATE)


def write_ad_spend(w: World, out_dir: Path) -> int:
    """``ad_spend``: daily impressions/clicks/spend per campaign, consistent with tracked paid visits."""
    rng = stream(w.cfg.seed, "raw_ad_spend")
    v = w.visits
    days = w.cfg.days
    start = w.events.visit_start
    day = (start - w.cfg.start_ms) // C.DAY_MS
    human = v.kind != KIND_BOT
    rows: dict[str, list[np.ndarray]] = {k: [] for k in ("day", "camp", "imp", "clicks", "spend")}
    for ci, ac in enumerate(cat.AD_CAMPAIGNS):
        src = cat.SOURCE_INDEX[ac.source_key]
        sel = human & (v.source == src) & (day >= 0) & (day < days)
        tracked = np.bincount(day[sel], minlength=days)[:days]
        clicks = tracked + rng.poisson(0.12 * tracked + 0.3)
        imp = np.round(clicks / ac.ctr * np.exp(rng.normal(0, 0.2, days))).astype(np.int64) + rng.poisson(5, days)
        spend = np.round(clicks * ac.cpc * np.exp(rng.normal(0, 0.15, days)), 2)
        rows["day"].append(np.arange(days))
        rows["camp"].append(np.full(days, ci))
        rows["imp"].append(imp)
        rows["clicks"].append(clicks.astype(np.int64))
        rows["spend"].append(spend)
    dd = np.concatenate(rows["day"])
    order = np.lexsort((np.concatenate(rows["camp"]), dd))
    dd = dd[order]
    camp = np.concatenate(rows["camp"])[order]
    srcs = [w.sources[cat.SOURCE_INDEX[a.source_key]] for a in cat.AD_CAMPAIGNS]
    date0 = np.datetime64(w.cfg.start.isoformat(), "D")
    table = pa.table({
        "spend_date": pa.array(date0 + dd.astype("timedelta64[D]"), pa.date32()),
        "ad_platform": take(pa.array([a.ad_platform for a in cat.AD_CAMPAIGNS]), camp),
        "campaign_id": take(pa.array([a.campaign_id for a in cat.AD_CAMPAIGNS]), camp),
        "campaign_name": take(pa.array([a.campaign_name for a in cat.AD_CAMPAIGNS]), camp),
        "utm_source": take(pa.array([s.utm_source for s in srcs]), camp),
        "utm_medium": take(pa.array([s.utm_medium for s in srcs]), camp),
        "utm_campaign": take(pa.array([s.utm_campaign for s in srcs]), camp),
        "impressions": pa.array(np.concatenate(rows["imp"])[order]),
        "clicks": pa.array(np.concatenate(rows["clicks"])[order]),
        "spend": money(np.concatenate(rows["spend"])[order]),
        "currency": pa.array(["USD"] * len(dd)),
        "loaded_at": pa.array((w.cfg.start_ms + (dd + 1) * C.DAY_MS + 6 * C.HOUR_MS
                               + rng.integers(0, 3 * C.HOUR_MS, len(dd))).astype("datetime64[ms]"),
                              pa.timestamp("ms")),
    })
    return write_table(table.select(list(CONTRACT_COLUMNS["ad_spend"])), out_dir / "ad_spend.parquet")

