"""Ground truth written to ``DIR/truth``: identities, people, visits, event owners, defects, effects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from . import catalog as cat
from . import config as C
from .dirty import DefectLog, QUARANTINE_DEFECTS
from .events import FLAG_EMAIL, K
from .parquet_io import ChunkedWriter, CHUNK_ROWS, ms_to_timestamp, write_table
from .strings import PersonStrings, take
from .world import World

SEGMENTS = ("browse_only", "content_lead", "sales_prospect", "trialist", "customer", "bot")
_ORGANIC = {
    "organic_google": ("google", "organic"), "organic_bing": ("bing", "organic"),
    "organic_duckduckgo": ("duckduckgo", "organic"), "social_twitter": ("t.co", "social"),
    "social_linkedin": ("linkedin.com", "social"), "social_reddit": ("reddit.com", "social"),
    "referral_g2": ("g2.com", "referral"), "referral_capterra": ("capterra.com", "referral"),
    "referral_partner": ("partner_blog", "referral"),
}


def truth_source(s: cat.Source) -> tuple[str, str, str | None]:
    """Clean (source, medium, campaign) of a traffic source; '(direct)'/'(none)' when untagged."""
    if s.utm_source is not None:
        return s.utm_source, s.utm_medium or "(none)", s.utm_campaign
    if s.key in _ORGANIC:
        src, med = _ORGANIC[s.key]
        return src, med, None
    return "(direct)", "(none)", None


def _ms_or_null(ms: np.ndarray) -> pa.Array:
    ms = np.asarray(ms, np.int64)
    none = ms >= C.NO_TIME
    return pa.array(np.where(none, 0, ms).astype("datetime64[ms]"), pa.timestamp("ms"), mask=none)


def write_truth(w: World, ps: PersonStrings, anon: pa.Array, event_id: pa.Array, ids: dict[str, tuple[pa.Array,
                np.ndarray]], log: DefectLog, rows: dict[str, int], out: Path) -> dict[str, int]:
    """Write every truth file; ``ids`` maps identifier type -> (values, person per value)."""
    ppl, ev, vis, dev, cm = w.people, w.events, w.visits, w.devices, w.commerce
    n = ppl.n
    pid = np.arange(n, dtype=np.int64) + 1
    counts: dict[str, int] = {}

    # identifiers: a device belongs to the people who had visits on it (shared when 2+ people)
    pairs = np.unique(vis.device * np.int64(n) + vis.person)
    pair_dev, pair_person = pairs // n, pairs % n
    users = np.bincount(pair_dev, minlength=dev.n)
    id_parts: list[tuple[str, pa.Array, np.ndarray, np.ndarray]] = [
        ("anonymous_id", anon.take(pa.array(pair_dev)), pair_person, users[pair_dev] > 1),
    ]
    acc = np.flatnonzero(w.t_account < C.NO_TIME)
    id_parts.append(("user_id", ps.user_id.take(pa.array(acc)), acc, np.zeros(len(acc), bool)))
    email_used = np.zeros(n, dtype=bool)
    email_used[w.event_person[(ev.flags & FLAG_EMAIL) > 0]] = True
    email_used[w.sends.person] = True
    for _, (_, person) in ids.items():
        email_used[person] = True
    ep = np.flatnonzero(email_used & ~ppl.is_bot)
    id_parts.append(("email", ps.email_canonical.take(pa.array(ep)), ep, np.zeros(len(ep), bool)))
    for typ, (values, person) in ids.items():
        id_parts.append((typ, values, person, np.zeros(len(person), bool)))
    table = pa.table({
        "identifier_type": pa.array(np.concatenate([np.full(len(p[2]), p[0], dtype=object) for p in id_parts])
                                    .astype(str)),
        "identifier_value": pa.concat_arrays([p[1].cast(pa.string()) for p in id_parts]),
        "person_id": pa.array(np.concatenate([p[2] for p in id_parts]).astype(np.int64) + 1),
        "is_shared": pa.array(np.concatenate([p[3] for p in id_parts])),
    })
    counts["identifiers"] = write_table(table, out / "identifiers.parquet")

    # people
    first_seen = np.full(n, C.NO_TIME, dtype=np.int64)
    np.minimum.at(first_seen, w.event_person, ev.ts)
    pricing = np.zeros(n, dtype=bool)
    pricing[w.event_person[(ev.kind == K["page_view"]) & (ev.page == cat.page_id("/pricing"))]] = True
    demo = np.zeros(n, dtype=bool)
    demo[w.event_person[ev.kind == K["demo_request"]]] = True
    trial = cm.t_trial < C.NO_TIME
    customer = cm.t_first_purchase < C.NO_TIME
    segment = np.select([ppl.is_bot, customer, trial, demo, ppl.lead_kind > 0], [5, 4, 3, 2, 1], 0)
    src_truth = [truth_source(s) for s in w.sources]
    browsers = pa.array([p.browser for p in cat.ALL_PROFILES], pa.string())
    table = pa.table({
        "person_id": pid,
        "segment": take(pa.array(SEGMENTS), segment),
        "is_bot": ppl.is_bot,
        "acquisition_channel_group": take(pa.array(cat.CHANNEL_GROUPS), ppl.group),
        "acquisition_source": take(pa.array([s[0] for s in src_truth]), ppl.source),
        "acquisition_medium": take(pa.array([s[1] for s in src_truth]), ppl.source),
        "acquisition_campaign": take(pa.array([s[2] for s in src_truth], pa.string()), ppl.source),
        "country": take(pa.array([c[0] for c in cat.COUNTRIES]), ppl.country),
        "primary_browser": take(browsers, dev.profile[dev.start]),
        "first_seen_at": _ms_or_null(first_seen),
        "viewed_pricing": pricing,
        "requested_demo": demo,
        "started_trial": trial,
        "completed_connect_data_source": cm.t_connect < C.NO_TIME,
        "activated": cm.t_activated < C.NO_TIME,
        "first_purchase_at": _ms_or_null(cm.t_first_purchase),
        "churned_at": _ms_or_null(cm.t_cancel),
        "plan": take(pa.array(cat.PLANS), cm.final_plan),
    })
    counts["people"] = write_table(table, out / "people.parquet")

    # visits
    group_of = np.array([cat.CHANNEL_GROUPS.index(s.group) for s in w.sources])
    table = pa.table({
        "visit_id": np.arange(vis.n, dtype=np.int64) + 1,
        "person_id": vis.person + 1,
        "anonymous_id": anon.take(pa.array(vis.device)),
        "started_at": ms_to_timestamp(ev.visit_start),
        "channel_group": take(pa.array(cat.CHANNEL_GROUPS), group_of[vis.source]),
        "source": take(pa.array([s[0] for s in src_truth]), vis.source),
        "medium": take(pa.array([s[1] for s in src_truth]), vis.source),
        "campaign": take(pa.array([s[2] for s in src_truth], pa.string()), vis.source),
    })
    counts["visits"] = write_table(table, out / "visits.parquet")

    # event owners
    writer = ChunkedWriter(out / "event_truth.parquet")
    for lo in range(0, ev.n, CHUNK_ROWS):
        hi = min(ev.n, lo + CHUNK_ROWS)
        writer.write(pa.table({"event_id": event_id.slice(lo, hi - lo),
                               "person_id": w.event_person[lo:hi] + 1,
                               "visit_id": ev.visit[lo:hi] + 1}))
    counts["event_truth"] = writer.close()
    counts["row_defects"] = write_table(log.row_defects(), out / "row_defects.parquet")
    counts["duplicates"] = write_table(log.duplicates(), out / "duplicates.parquet")
    write_effects(w, log, rows, out / "effects.json")
    return counts


def _constants(names: list[str]) -> dict[str, Any]:
    return {name.lower(): getattr(C, name) for name in names}


def write_effects(w: World, log: DefectLog, rows: dict[str, int], path: Path) -> None:
    """Publish every planted effect, dirty-data rate and expected quarantine count."""
    cfg = w.cfg
    change = np.datetime64(cfg.change_ms, "ms").astype("datetime64[D]")
    effects = {
        "window": {"start": cfg.start.isoformat(), "days": cfg.days, "seed": cfg.seed, "people": cfg.people},
        "planted_effects": {
            "safari_paypal_failures": {
                "browser": "Safari", "payment_method": "paypal",
                "failure_rate": C.P_FAIL_SAFARI_PAYPAL, "baseline_failure_rate": C.P_FAIL_OTHER,
                "retry_probability": C.P_RETRY_AFTER_FAILURE, "switch_method_on_retry": C.P_SWITCH_METHOD_ON_RETRY,
                "max_attempts": C.MAX_CHECKOUT_ATTEMPTS, "typical_error_code": "paypal_popup_blocked",
            },
            "pricing_page_demo_lift": {
                "page_path": "/pricing", "demo_rate_multiplier": C.PRICING_DEMO_MULTIPLIER,
                "pricing_view_rate": C.PRICING_VIEW_RATE, "base_demo_rate_by_intent": C.DEMO_BASE_RATE,
            },
            "spring_promo_social": {
                "utm_campaign": "spring_promo_social", "utm_sources": ["facebook", "instagram"],
                "utm_medium": "paid_social", "intent_mix": C.SPRING_PROMO_INTENT_MIX,
                "purchase_multiplier": C.SPRING_PROMO_PURCHASE_MULTIPLIER,
                "ad_campaigns": [{"ad_platform": a.ad_platform, "campaign_id": a.campaign_id,
                                  "utm_campaign": w.sources[cat.SOURCE_INDEX[a.source_key]].utm_campaign,
                                  "utm_source": w.sources[cat.SOURCE_INDEX[a.source_key]].utm_source,
                                  "cpc": a.cpc, "ctr": a.ctr} for a in cat.AD_CAMPAIGNS],
                "acquisition_share_of_paid_social": round(
                    (cat.ACQUISITION_WEIGHTS["psoc_facebook_spring"] + cat.ACQUISITION_WEIGHTS["psoc_instagram_spring"])
                    / sum(v for k, v in cat.ACQUISITION_WEIGHTS.items() if k.startswith("psoc_")), 4),
            },
            "onboarding_connect_data_source": {
                "key_step": C.KEY_ONBOARDING_STEP, "onboarding_steps": list(C.ONBOARDING_STEPS),
                "activation_rate_with_step": C.P_ACTIVATE_WITH_KEY_STEP,
                "activation_rate_without_step": C.P_ACTIVATE_WITHOUT_KEY_STEP,
                "change_date": str(change), "change_day_offset": C.ONBOARDING_CHANGE_DAY,
                "step_completion_before_change": C.P_CONNECT_BEFORE_CHANGE,
                "step_completion_after_change": C.P_CONNECT_AFTER_CHANGE,
                "step_completion_is_conditional_on": "create_project (probability %.2f)" % C.P_CREATE_PROJECT,
                "trial_days": C.TRIAL_DAYS,
            },
            "retention_by_acquisition_channel": {
                "monthly_churn": C.MONTHLY_CHURN, "billing_period_days": C.BILLING_PERIOD_DAYS,
                "better": "Organic Search", "worse": "Paid Social",
            },
            "billing_tickets_follow_failed_payments": {
                "ticket_probability_after_failure": C.P_BILLING_TICKET_AFTER_FAILURE,
                "max_delay_days": C.BILLING_TICKET_MAX_DELAY_DAYS,
                "unrelated_billing_ticket_share": C.BILLING_TICKETS_WITHOUT_FAILURE_SHARE,
                "billing_subject_keywords": ["payment", "card", "paypal", "charged", "invoice", "billing", "declined"],
            },
        },
        "dirty_data_rates": _constants([
            "DUPLICATE_EVENT_RATE", "DUPLICATE_EMAIL_EVENT_RATE", "LATE_ARRIVAL_RATE", "UNPARSEABLE_TS_RATE_EVENTS",
            "UNPARSEABLE_TS_RATE_OTHER", "FUTURE_TS_RATE", "FUTURE_TS_RATE_EMAIL", "MISSING_IDENTIFIER_RATE",
            "JUNK_IDENTIFIER_RATE", "MESSY_UTM_RATE", "MESSY_EMAIL_RATE", "OFFSET_TS_RATE", "NAIVE_TS_RATE",
            "NEGATIVE_AMOUNT_RATE", "UNKNOWN_CURRENCY_RATE", "ZERO_AMOUNT_RATE", "BOT_PERSON_SHARE",
        ]) | {
            "unknown_event_names": list(C.UNKNOWN_EVENT_NAMES),
            "unknown_events_per_million": C.UNKNOWN_EVENTS_PER_MILLION,
            "unknown_currencies": list(C.UNKNOWN_CURRENCIES),
            "junk_identifier_values": list(C.JUNK_ID_VALUES),
            "unparseable_timestamp_values": list(C.UNPARSEABLE_TS_VALUES),
            "event_name_variants": {"page_view": C.PAGE_VIEW_VARIANTS, "demo_request": C.DEMO_REQUEST_VARIANTS,
                                    "sign_up": C.SIGN_UP_VARIANTS},
            "duplicate_extra_copies": "1 copy (90 %) or 2 copies (10 %) per redelivered row",
            "late_arrival_delay_days": [1, 10],
            "future_timestamp_years_ahead": [2, 5],
        },
        "quarantine_worthy_defects": list(QUARANTINE_DEFECTS),
        "defect_counts": log.counts,
        "raw_row_counts": rows,
    }
    path.write_text(json.dumps(effects, indent=2, sort_keys=False, default=str) + "\n", encoding="utf-8")
