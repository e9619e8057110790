"""Entry point of the simulator: ``simulate()`` runs every phase and writes ``raw/`` and ``truth/``."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from journeykit.progress import Progress

from . import config as C
from .crm import write_crm
from .dirty import DefectLog
from .ga4 import write_ga4_events
from .raw_events import write_events
from .raw_tables import (order_ids, order_properties, subscription_ids, write_ad_spend, write_email_events,
                         write_orders, write_subscriptions)
from .strings import anonymous_ids, person_strings, utm_pools
from .segment import SEGMENT_TABLES, write_segment_tables
from .snowplow import SNOWPLOW_TABLES, write_snowplow_events
from .support import write_support
from .truth import write_truth
from .world import build_world
from .util import stream

EVENT_FORMATS = ("native", "ga4", "segment", "snowplow")


class _Progress:
    """One stderr line per phase with elapsed seconds (silent when quiet), in the format of
    :mod:`journeykit.progress`: plain lines, readable in a terminal and in CI logs alike."""

    def __init__(self, quiet: bool) -> None:
        self.lines = Progress("journeykit", quiet=quiet)

    def __call__(self, phase: str, detail: str) -> None:
        self.lines.log(f"{phase:<14} {detail}")

    @property
    def elapsed(self) -> float:
        """Seconds since the start of the run."""
        return self.lines.elapsed


def _as_date(start: dt.date | str) -> dt.date:
    return start if isinstance(start, dt.date) else dt.date.fromisoformat(start)


def people_for_events(events: int, seed: int = 42, start: dt.date | str = dt.date(2025, 11, 1),
                      days: int = 365) -> int:
    """Number of people whose simulation yields about ``events`` event rows (pilot run, deterministic)."""
    pilot = C.SimConfig(people=C.EVENTS_PILOT_PEOPLE, seed=seed, start=_as_date(start), days=days)
    w = build_world(pilot)
    per_person = w.events.n * (1 + C.DUPLICATE_EVENT_RATE * 1.1) / pilot.people
    return max(50, int(round(events / per_person)))


def simulate(out_dir: str | os.PathLike[str], people: int = 20_000, seed: int = 42,
             start: dt.date | str = dt.date(2025, 11, 1), days: int = 365, quiet: bool = False,
             events: int | None = None, threads: int | None = None,
             event_format: str = "native") -> dict[str, Any]:
    """Simulate the Trailhead landing tables into ``out_dir/raw`` and ground truth into ``out_dir/truth``.

    ``events`` (optional) overrides ``people`` with the population size that yields about that many
    events. ``event_format`` is the events' landing format: ``native`` (the ``events`` table), ``ga4``
    (the GA4 BigQuery export, ``raw/ga4_events.parquet``: :mod:`.ga4`), ``segment`` (Segment's warehouse
    tables: :mod:`.segment`) or ``snowplow`` (Snowplow's atomic.events, ``raw/snowplow_events.parquet``:
    :mod:`.snowplow`); every other table is native.
    Returns a summary: rows per raw table, truth row counts, people and elapsed seconds.
    """
    if event_format not in EVENT_FORMATS:
        raise ValueError(f"event_format must be one of {', '.join(EVENT_FORMATS)}, not {event_format!r}")
    progress = _Progress(quiet)
    if events is not None:
        people = people_for_events(events, seed, start, days)
        progress("sizing", f"{people:,} people for ~{events:,} events")
    cfg = C.SimConfig(people=people, seed=seed, start=_as_date(start), days=days)
    out = Path(out_dir)
    raw, truth_dir = out / "raw", out / "truth"
    raw.mkdir(parents=True, exist_ok=True)
    truth_dir.mkdir(parents=True, exist_ok=True)

    w = build_world(cfg, progress)
    con = duckdb.connect()
    con.execute(f"SET threads = {threads or min(os.cpu_count() or 2, 4)}")
    log = DefectLog()
    rng = stream(seed, "strings")
    ppl = w.people
    ps = person_strings(con, rng, ppl.first_name, ppl.last_name, ppl.company, ppl.personal_email, ppl.bad_email,
                        w.t_account < C.NO_TIME)
    anon = anonymous_ids(rng, w.devices.profile)
    utm = utm_pools(w.sources)
    oids = order_ids(w)
    progress("strings", f"{ppl.n:,} emails, {w.devices.n:,} anonymous ids")

    rows: dict[str, int] = {}
    rows["events"], es = write_events(con, w, ps, anon, utm, order_properties(con, w, oids), log,
                                      raw / "events.parquet", with_clock=event_format in ("segment", "snowplow"))
    progress("raw events", f"{rows['events']:,} rows")
    if event_format == "segment":
        rows.update(write_segment_tables(con, raw / "events.parquet", raw))
        del rows["events"]
        progress("segment", ", ".join(f"{t} {rows[t]:,}" for t in SEGMENT_TABLES))
    if event_format == "snowplow":
        rows.update(write_snowplow_events(con, raw / "events.parquet", raw))
        del rows["events"]
        progress("snowplow", ", ".join(f"{t} {rows[t]:,}" for t in SNOWPLOW_TABLES))
    rows["orders"] = write_orders(con, w, ps, oids, log, raw)
    sub_ids = subscription_ids(w)
    rows["subscriptions"] = write_subscriptions(con, w, ps, sub_ids, log, raw)
    rows["email_events"] = write_email_events(con, w, ps, log, raw)
    rows["ad_spend"] = write_ad_spend(w, raw)
    crm_rows, crm = write_crm(con, w, ps, log, raw)
    rows.update(crm_rows)
    sup_rows, sup = write_support(con, w, ps, log, raw)
    rows.update(sup_rows)
    progress("raw other", ", ".join(f"{k} {v:,}" for k, v in rows.items() if k != "events"))

    subs_person = np.unique(w.commerce.subs.person)
    ids = {
        "order_id": (oids, w.commerce.orders.person),
        "lead_id": (crm.lead_ids, crm.lead_person),
        "opportunity_id": (crm.opp_ids, crm.opp_person),
        "ticket_id": (sup.ticket_ids, sup.ticket_person),
        "response_id": (sup.response_ids, sup.response_person),
        "subscription_id": (sub_ids.take(subs_person), subs_person),
    }
    truth_rows = write_truth(w, ps, anon, es.event_id, ids, log, rows, truth_dir)
    con.close()
    progress("truth", ", ".join(f"{k} {v:,}" for k, v in truth_rows.items()))
    if event_format == "ga4":
        rows["ga4_events"] = write_ga4_events(raw, truth_dir, threads or min(os.cpu_count() or 2, 4))
        del rows["events"]
        progress("ga4 events", f"{rows['ga4_events']:,} rows")
    summary = {"people": people, "seed": seed, "start": cfg.start.isoformat(), "days": days, "rows": rows,
               "truth_rows": truth_rows, "seconds": round(progress.elapsed, 2), "out_dir": str(out)}
    progress("done", f"{sum(rows.values()):,} raw rows in {summary['seconds']}s")
    return summary
