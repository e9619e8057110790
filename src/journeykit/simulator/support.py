"""Support tickets (billing tickets follow failed payments, effect 6) and NPS/CSAT survey responses."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from . import catalog as cat
from . import config as C
from .commerce import ST_FAILED
from .dirty import DefectLog
from .lifecycle import PAYMENT_ERRORS
from .strings import PersonStrings, prefixed_ids, take
from .tables import Draft, finish, plan_quarantine
from .texts import (CHAT_SCENARIOS, CSAT_COMMENTS, LOG_LINE, NPS_COMMENTS, TICKET_SCENARIOS, TOPICS, contact_values,
                    fill, flatten)
from .util import bernoulli, categorical, exact_count, stream, IntArray
from .world import World

CHANNELS = ("email", "chat", "phone", "web_form")
TICKET_STATUSES = ("open", "pending", "solved", "closed")
P_HTML_BODY = 0.15
P_LONG_BODY = 0.02
P_TICKET = {"onboarding": 0.10, "bug": 0.15, "login": 0.05, "feature_request": 0.10, "cancellation": 0.35}


@dataclass
class Support:
    """Ids needed by the truth tables."""

    ticket_ids: pa.Array
    ticket_person: IntArray
    response_ids: pa.Array
    response_person: IntArray


def _uniform_between(rng: np.random.Generator, lo: IntArray, hi: IntArray) -> IntArray:
    return lo + (rng.random(len(lo)) * np.maximum(hi - lo, 0)).astype(np.int64)


def _scenarios() -> tuple[list[str], list[str], dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Flat subject/body template lists; per topic, the indexes of its e-mail and chat scenarios."""
    subjects: list[str] = []
    bodies: list[str] = []
    mail_idx: dict[str, np.ndarray] = {}
    chat_idx: dict[str, np.ndarray] = {}
    for topic in TOPICS:
        start = len(subjects)
        for subject, body in TICKET_SCENARIOS[topic]:
            subjects.append(subject)
            bodies.append(body)
        mail_idx[topic] = np.arange(start, len(subjects))
        start = len(subjects)
        for subject, lines in CHAT_SCENARIOS[topic]:
            subjects.append(subject)
            bodies.append("Chat transcript\n" + "\n".join(
                f"[10:{(i * 3) % 60:02d}] {'Visitor' if i % 2 == 0 else 'Agent (Maya)'}: {line}"
                for i, line in enumerate(lines)))
        chat_idx[topic] = np.arange(start, len(subjects))
    return subjects, bodies, mail_idx, chat_idx


def write_support(con: duckdb.DuckDBPyConnection, w: World, ps: PersonStrings, log: DefectLog, out_dir: Path
                  ) -> tuple[dict[str, int], Support]:
    """Write support_tickets and survey_responses."""
    rng = stream(w.cfg.seed, "raw_support")
    ppl, cm, end = w.people, w.commerce, w.cfg.end_ms
    n = ppl.n
    o = cm.orders
    cust = cm.t_first_purchase < C.NO_TIME
    active_end = np.minimum(cm.t_cancel, end)

    # --- tickets by topic -----------------------------------------------------------------------
    parts: list[tuple[IntArray, int, IntArray, IntArray]] = []   # person, topic, time, failed order (-1)
    failed = np.flatnonzero((o.status == ST_FAILED) & bernoulli(rng, C.P_BILLING_TICKET_AFTER_FAILURE, len(o.t)))
    delay = np.minimum(rng.exponential(0.6 * C.DAY_MS, len(failed)).astype(np.int64) + 2 * C.MINUTE_MS,
                       C.BILLING_TICKET_MAX_DELAY_DAYS * C.DAY_MS - C.MINUTE_MS)
    t = o.t[failed] + delay
    ok = t < end
    parts.append((o.person[failed[ok]], 0, t[ok], failed[ok]))
    k = exact_count(C.BILLING_TICKETS_WITHOUT_FAILURE_SHARE, int(ok.sum()))
    cp = np.flatnonzero(cust)
    if len(cp) and k:
        p = rng.choice(cp, size=k)
        parts.append((p, 0, _uniform_between(rng, cm.t_first_purchase[p], active_end[p]), np.full(k, -1)))
    trial_nc = np.flatnonzero((cm.t_trial < C.NO_TIME) & (cm.t_connect == C.NO_TIME)
                              & bernoulli(rng, P_TICKET["onboarding"], n))
    parts.append((trial_nc, 1, cm.t_trial[trial_nc] + rng.integers(C.DAY_MS // 2, 10 * C.DAY_MS, len(trial_nc)),
                  np.full(len(trial_nc), -1)))
    for name in ("bug", "feature_request"):
        p = cp[bernoulli(rng, P_TICKET[name], len(cp))]
        parts.append((p, TOPICS.index(name), _uniform_between(rng, cm.t_first_purchase[p], active_end[p]),
                      np.full(len(p), -1)))
    acc = np.flatnonzero((w.t_account < C.NO_TIME) & bernoulli(rng, P_TICKET["login"], n))
    parts.append((acc, TOPICS.index("login"), _uniform_between(rng, w.t_account[acc] + C.HOUR_MS,
                                                                np.full(len(acc), end)), np.full(len(acc), -1)))
    churn = np.flatnonzero((cm.t_cancel < C.NO_TIME) & bernoulli(rng, P_TICKET["cancellation"], n))
    parts.append((churn, TOPICS.index("cancellation"),
                  np.maximum(cm.t_cancel[churn] - rng.integers(C.HOUR_MS, 3 * C.DAY_MS, len(churn)),
                             cm.t_first_purchase[churn] + C.HOUR_MS), np.full(len(churn), -1)))
    person = np.concatenate([x[0] for x in parts]).astype(np.int64)
    topic = np.concatenate([np.full(len(x[0]), x[1]) for x in parts])
    created = np.concatenate([x[2] for x in parts]).astype(np.int64)
    fail_ref = np.concatenate([x[3] for x in parts]).astype(np.int64)
    keep = created < end
    person, topic, created, fail_ref = person[keep], topic[keep], created[keep], fail_ref[keep]
    order = np.argsort(created, kind="stable")
    person, topic, created, fail_ref = person[order], topic[order], created[order], fail_ref[order]
    m = len(person)
    channel = categorical(rng, m, (0.40, 0.30, 0.10, 0.20))
    channel = np.where((topic == 0) & (fail_ref < 0) & (channel == 1), 0, channel)  # invoices by email

    # --- subject and body text (one scenario per ticket) -----------------------------------------------
    subjects, bodies, mail_idx, chat_idx = _scenarios()
    is_chat = channel == 1
    scenario = np.zeros(m, dtype=np.int64)
    for ti, tp in enumerate(TOPICS):
        for chat, index in ((False, mail_idx[tp]), (True, chat_idx[tp])):
            sel = (topic == ti) & (is_chat == chat)
            scenario[sel] = index[rng.integers(0, len(index), int(sel.sum()))]
    # failure-driven billing tickets describe the failure; unrelated ones ask for invoices
    billing_mail = mail_idx["billing"]
    failure_scn, invoice_scn = billing_mail[:6], billing_mail[6:]
    paypal = (fail_ref >= 0) & np.isin(o.failure[np.maximum(fail_ref, 0)],
                                       [PAYMENT_ERRORS.index("paypal_popup_blocked"),
                                        PAYMENT_ERRORS.index("paypal_authorization_failed")])
    mail_billing = (topic == 0) & ~is_chat
    scenario = np.where(mail_billing & (fail_ref >= 0), failure_scn[rng.integers(0, len(failure_scn), m)], scenario)
    scenario = np.where(mail_billing & paypal & bernoulli(rng, 0.7, m), billing_mail[2], scenario)
    scenario = np.where(mail_billing & (fail_ref < 0), invoice_scn[rng.integers(0, len(invoice_scn), m)], scenario)
    pm = np.where(fail_ref >= 0, o.pm[np.maximum(fail_ref, 0)], rng.integers(0, 2, m))
    err = np.where(fail_ref >= 0, o.failure[np.maximum(fail_ref, 0)], 0)
    plan = np.where(fail_ref >= 0, o.plan[np.maximum(fail_ref, 0)], np.maximum(cm.final_plan[person], 0))
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]
    values = {
        "first": (ps.first_name, person), "company": (ps.company, person),
        "plan": (list(cat.PLANS), plan), "pm": (["card", "PayPal", "Apple Pay", "bank transfer"], pm),
        "error": (list(PAYMENT_ERRORS), np.maximum(err, 0)),
        "ds": (list(cat.DATA_SOURCES), rng.integers(0, len(cat.DATA_SOURCES), m)),
        "sso": (["Okta", "Azure AD", "Google Workspace"], rng.integers(0, 3, m)),
        "competitor": (list(cat.COMPETITORS), rng.integers(0, len(cat.COMPETITORS), m)),
        "month": (months, rng.integers(0, 12, m)),
        **contact_values(ps.last_name, person),
    }
    subject_text = fill(con, subjects, scenario, values)
    body_text = fill(con, bodies, scenario, values)
    html = ~is_chat & (channel != 2) & bernoulli(rng, P_HTML_BODY, m)
    long = bernoulli(rng, P_LONG_BODY, m)
    tbl = pa.table({"b": body_text, "html": pa.array(html), "long": pa.array(long)})
    con.register("_tickets", tbl)
    log_line = LOG_LINE.replace("'", "''")
    body_text = con.execute(f"""
        SELECT CASE WHEN html THEN '<p>' || replace(replace(b, chr(10) || chr(10), '</p><p>'), chr(10), '<br>')
                                   || '</p><p>&nbsp;</p><p>Sent from my iPhone</p>' ELSE b END
               || CASE WHEN long THEN chr(10) || chr(10) || 'Full log:' || chr(10) || repeat('{log_line}', 60)
                       ELSE '' END AS body
        FROM _tickets
    """).to_arrow_table()["body"].combine_chunks()
    con.unregister("_tickets")
    recent = created > end - 3 * C.DAY_MS
    status = np.where(recent, categorical(rng, m, (0.6, 0.4, 0, 0)), categorical(rng, m, (0, 0.03, 0.67, 0.30)))
    has_user = (w.t_account[person] < created) & bernoulli(rng, 0.75, m)
    ticket_ids = pa.array((40_001 + np.arange(m)).astype(str))
    q, names = plan_quarantine(rng, m)
    d = Draft(
        name="support_tickets", ids=ticket_ids,
        columns={"ticket_id": ticket_ids, "user_id": take(ps.user_id, np.where(has_user, person, -1)),
                 "channel": take(pa.array(CHANNELS), channel), "subject": subject_text, "body": body_text,
                 "status": take(pa.array(TICKET_STATUSES), status)},
        ts_col="created_at", ts_ms=created, tz_min=ppl.tz_min[person],
        loaded_ms=created + rng.integers(C.MINUTE_MS, 30 * C.MINUTE_MS, m), email_person=person, quarantine=q)
    rows = {"support_tickets": finish(con, rng, d, names, ps, log, out_dir)}

    # --- surveys: NPS for customers/trialists, CSAT after solved tickets -------------------------------
    nps_c = np.flatnonzero(cust & bernoulli(rng, 0.5, n))
    t_c = cm.t_first_purchase[nps_c] + rng.integers(25 * C.DAY_MS, 60 * C.DAY_MS, len(nps_c))
    ok = t_c < active_end[nps_c]
    nps_c, t_c = nps_c[ok], t_c[ok]
    nps_t = np.flatnonzero(~cust & (cm.t_trial < C.NO_TIME) & bernoulli(rng, 0.15, n))
    t_t = cm.t_trial[nps_t] + rng.integers(7 * C.DAY_MS, 20 * C.DAY_MS, len(nps_t))
    ok = t_t < end
    nps_t, t_t = nps_t[ok], t_t[ok]
    nps_p = np.concatenate([nps_c, nps_t])
    nps_time = np.concatenate([t_c, t_t])
    unhappy = (cm.t_cancel[nps_p] < C.NO_TIME) | ~cust[nps_p]
    band = np.where(unhappy, categorical(rng, len(nps_p), (0.15, 0.30, 0.55)),
                    categorical(rng, len(nps_p), (0.50, 0.30, 0.20)))
    score = np.select([band == 0, band == 1], [rng.integers(9, 11, len(band)), rng.integers(7, 9, len(band))],
                      np.array([0, 1, 2, 3, 4, 5, 5, 6, 6, 6])[rng.integers(0, 10, len(band))])
    solved = np.flatnonzero((status >= 2) & bernoulli(rng, 0.35, m))
    cs_time = created[solved] + rng.integers(C.DAY_MS // 2, 3 * C.DAY_MS, len(solved))
    ok = cs_time < end
    solved, cs_time = solved[ok], cs_time[ok]
    billing = topic[solved] == 0
    cs_score = 1 + np.where(billing, categorical(rng, len(solved), (0.25, 0.20, 0.20, 0.20, 0.15)),
                            categorical(rng, len(solved), (0.05, 0.07, 0.13, 0.35, 0.40)))
    r_person = np.concatenate([nps_p, person[solved]])
    r_time = np.concatenate([nps_time, cs_time])
    r_type = np.concatenate([np.zeros(len(nps_p), np.int64), np.ones(len(solved), np.int64)])
    r_score = np.concatenate([score, cs_score]).astype(np.int64)
    r_ticket = np.concatenate([np.full(len(nps_p), -1), solved])
    flat, idx = flatten({"promoter": NPS_COMMENTS["promoter"], "passive": NPS_COMMENTS["passive"],
                         "detractor": NPS_COMMENTS["detractor"], "good": CSAT_COMMENTS["good"],
                         "bad": CSAT_COMMENTS["bad"]})
    group = np.where(r_type == 0, np.where(r_score >= 9, 0, np.where(r_score >= 7, 1, 2)),
                     np.where(r_score >= 4, 3, 4))
    keys = ("promoter", "passive", "detractor", "good", "bad")
    choice = np.zeros(len(r_person), dtype=np.int64)
    for gi, key in enumerate(keys):
        sel = group == gi
        choice[sel] = idx[key][rng.integers(0, len(idx[key]), int(sel.sum()))]
    comment = fill(con, flat, choice, {"ds": (list(cat.DATA_SOURCES), rng.integers(0, len(cat.DATA_SOURCES),
                                                                                    len(choice))),
                                       "first": (ps.first_name, r_person), **contact_values(ps.last_name, r_person)})
    u = rng.random(len(choice))
    empty_rate = np.where(r_type == 0, 0.25, 0.40)
    comment = take(pa.concat_arrays([comment, pa.array([""])]), np.where(
        u < empty_rate, len(choice), np.where(u < empty_rate + 0.10, -1, np.arange(len(choice)))))
    order = np.argsort(r_time, kind="stable")
    r_person, r_time, r_type, r_score, r_ticket = (x[order] for x in (r_person, r_time, r_type, r_score, r_ticket))
    comment = comment.take(pa.array(order))
    k = len(r_person)
    resp_ids = prefixed_ids(rng, k, "resp_", 12)
    has_user = (w.t_account[r_person] < r_time) & bernoulli(rng, 0.8, k)
    q, names = plan_quarantine(rng, k)
    d = Draft(
        name="survey_responses", ids=resp_ids,
        columns={"response_id": resp_ids, "user_id": take(ps.user_id, np.where(has_user, r_person, -1)),
                 "survey_type": take(pa.array(["nps", "csat"]), r_type), "score": pa.array(r_score),
                 "comment": comment, "ticket_id": take(ticket_ids, r_ticket)},
        ts_col="responded_at", ts_ms=r_time, tz_min=ppl.tz_min[r_person],
        loaded_ms=r_time + rng.integers(C.MINUTE_MS, 2 * C.HOUR_MS, k), email_person=r_person, quarantine=q)
    rows["survey_responses"] = finish(con, rng, d, names, ps, log, out_dir)
    return rows, Support(ticket_ids=ticket_ids, ticket_person=person, response_ids=resp_ids,
                         response_person=r_person)
