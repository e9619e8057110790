"""Persons: who they are, how they were acquired and when they identify themselves.

Everything is drawn per person with numpy; times are epoch milliseconds (UTC).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from . import catalog as cat
from . import config as C
from .util import bernoulli, categorical, IntArray, BoolArray

INTENTS = ("browse_only", "lead", "trialist")
LEAD_NONE, LEAD_NEWSLETTER, LEAD_CONTENT = 0, 1, 2
#: Local hour-of-day weights for human activity (B2B: business hours).
HOUR_WEIGHTS = np.array([1, 0.5, 0.3, 0.3, 0.3, 0.5, 1, 2, 4, 6, 7, 7, 6, 6, 7, 7, 6, 5, 4, 3.5, 3, 2.5, 2, 1.5])
WEEKEND_FACTOR = 0.45
#: Relative traffic growth from the first to the last day of the window.
TRAFFIC_GROWTH = 0.5


@dataclass
class People:
    """Per-person attributes and planned identification milestones."""

    n: int
    is_bot: BoolArray
    country: IntArray
    tz_min: IntArray
    currency: IntArray
    source: IntArray
    group: IntArray
    intent: IntArray
    t0: IntArray
    plan_pricing: BoolArray
    plan_demo: BoolArray
    t_demo: IntArray
    demo_same_visit: BoolArray
    lead_kind: IntArray
    t_lead: IntArray
    lead_same_visit: BoolArray
    plan_trial: BoolArray
    t_signup: IntArray
    signup_same_visit: BoolArray
    first_name: IntArray
    last_name: IntArray
    company: IntArray
    personal_email: BoolArray
    bad_email: BoolArray

    @property
    def t_email_known(self) -> IntArray:
        """First time the person typed their email into a form (NO_TIME if never)."""
        return np.minimum(np.minimum(self.t_demo, self.t_lead), self.t_signup)


class Clock:
    """Draws realistic timestamps inside the simulation window."""

    def __init__(self, cfg: C.SimConfig) -> None:
        self.cfg = cfg
        first_weekday = dt.date(cfg.start.year, cfg.start.month, cfg.start.day).weekday()
        days = np.arange(cfg.days)
        weekend = ((first_weekday + days) % 7) >= 5
        self.day_weights = (1.0 + TRAFFIC_GROWTH * days / max(cfg.days - 1, 1)) * np.where(weekend, WEEKEND_FACTOR, 1)
        self.hour_cum = np.cumsum(HOUR_WEIGHTS) / HOUR_WEIGHTS.sum()
        self.first_weekday = first_weekday

    def workday(self, rng: np.random.Generator, day: IntArray) -> IntArray:
        """Move most weekend days to a random day of the following working week (B2B activity drops at weekends)."""
        weekday = (self.first_weekday + day) % 7
        move = (weekday >= 5) & (rng.random(len(day)) > WEEKEND_FACTOR)
        return np.where(move, day + 7 - weekday + rng.integers(0, 5, len(day)), day)

    def local_clock_ms(self, rng: np.random.Generator, n: int) -> IntArray:
        """Time of day (ms after local midnight) following the business-hours profile."""
        hour = np.searchsorted(self.hour_cum, rng.random(n), side="right")
        return hour * C.HOUR_MS + rng.integers(0, C.HOUR_MS, n)

    def at_day(self, rng: np.random.Generator, day: IntArray, tz_min: IntArray) -> IntArray:
        """A business-hours instant on window day ``day`` in the person's local time."""
        return (self.cfg.start_ms + day.astype(np.int64) * C.DAY_MS + self.local_clock_ms(rng, len(day))
                - tz_min.astype(np.int64) * C.MINUTE_MS)

    def first_seen(self, rng: np.random.Generator, tz_min: IntArray) -> IntArray:
        """First-visit instants spread over the window with growth and weekly seasonality."""
        day = categorical(rng, len(tz_min), self.day_weights)
        return self.at_day(rng, day, tz_min)

    def later(self, rng: np.random.Generator, base: IntArray, mean_days: float | np.ndarray,
              tz_min: IntArray, min_gap_ms: int = C.HOUR_MS) -> IntArray:
        """An instant a (exponential) number of days after ``base``, at a business-hours local time."""
        n = len(base)
        base_day = (base - self.cfg.start_ms) // C.DAY_MS
        delay = np.ceil(rng.exponential(1.0, n) * mean_days).astype(np.int64)
        day = self.workday(rng, base_day + delay)
        t = self.cfg.start_ms + day * C.DAY_MS + self.local_clock_ms(rng, n) - tz_min * C.MINUTE_MS
        return np.where(t < base + min_gap_ms, t + C.DAY_MS, t)


def make_people(cfg: C.SimConfig, rng: np.random.Generator, clock: Clock, newsletter_sends: IntArray,
                newsletter_sources: IntArray) -> People:
    """Draw the population: bots, countries, acquisition sources, intent and identification times.

    ``newsletter_sends``/``newsletter_sources`` (sorted by send time) let a few people be acquired
    through a forwarded newsletter (channel Email).
    """
    n = cfg.people
    n_bots = int(round(n * C.BOT_PERSON_SHARE)) if n >= 100 else 0
    is_bot = np.zeros(n, dtype=bool)
    if n_bots:
        is_bot[rng.choice(n, n_bots, replace=False)] = True
    human = ~is_bot

    country = categorical(rng, n, [c[1] for c in cat.COUNTRIES])
    tz_choice = rng.integers(0, 1 << 30, n)
    tz_table = [c[2] for c in cat.COUNTRIES]
    n_off = np.array([len(t) for t in tz_table])
    max_off = n_off.max()
    off_matrix = np.array([list(t) + [t[0]] * (max_off - len(t)) for t in tz_table])
    tz_min = off_matrix[country, tz_choice % n_off[country]].astype(np.int64)
    cur_index = {c: i for i, c in enumerate(cat.CURRENCIES)}
    currency = np.array([cur_index[c[3]] for c in cat.COUNTRIES])[country]

    # --- acquisition source -------------------------------------------------------------
    keys = list(cat.ACQUISITION_WEIGHTS)
    weights = [cat.ACQUISITION_WEIGHTS[k] for k in keys] + [cat.EMAIL_ACQUISITION_SHARE]
    drawn = categorical(rng, n, weights)
    static_idx = np.array([cat.SOURCE_INDEX[k] for k in keys] + [-1])
    source = static_idx[drawn]
    t0 = clock.first_seen(rng, tz_min)
    bot_t0 = cfg.start_ms + rng.integers(0, cfg.days * C.DAY_MS, n)
    t0 = np.clip(np.where(is_bot, bot_t0, t0), cfg.start_ms, cfg.end_ms - C.HOUR_MS)
    is_email = source == -1
    if len(newsletter_sends):
        k = np.searchsorted(newsletter_sends, t0) - 1
        source = np.where(is_email & (k >= 0), newsletter_sources[np.maximum(k, 0)], source)
    source = np.where(source == -1, cat.SOURCE_INDEX["organic_google"], source)
    source = np.where(is_bot, cat.SOURCE_INDEX["bot"], source)
    group_of_static = np.array([cat.CHANNEL_GROUPS.index(s.group) for s in cat.SOURCES])
    group = np.where(source >= cat.N_STATIC_SOURCES, cat.CHANNEL_GROUPS.index("Email"),
                     group_of_static[np.minimum(source, cat.N_STATIC_SOURCES - 1)])

    # --- intent ---------------------------------------------------------------------------
    spring = np.isin(source, [cat.SOURCE_INDEX["psoc_facebook_spring"], cat.SOURCE_INDEX["psoc_instagram_spring"]])
    intent = categorical(rng, n, [C.INTENT_MIX[k] for k in INTENTS])
    intent_spring = categorical(rng, n, [C.SPRING_PROMO_INTENT_MIX[k] for k in INTENTS])
    intent = np.where(spring, intent_spring, intent)
    intent = np.where(is_bot, -1, intent).astype(np.int8)

    plan_pricing = human & bernoulli(rng, C.PRICING_VIEW_RATE, n)
    base = np.array([C.DEMO_BASE_RATE[k] for k in INTENTS] + [0.0])[intent]
    abm = source == cat.SOURCE_INDEX["psoc_linkedin_abm"]
    p_demo = base * np.where(plan_pricing, C.PRICING_DEMO_MULTIPLIER, 1.0) * np.where(abm, C.ABM_DEMO_MULTIPLIER, 1.0)
    plan_demo = human & bernoulli(rng, np.minimum(p_demo, 0.95))

    def milestone(mask: BoolArray, p_same: float, mean_days: float) -> tuple[IntArray, BoolArray]:
        same = mask & bernoulli(rng, p_same, n)
        later = clock.later(rng, t0, mean_days, tz_min)
        t = np.where(same, t0, later)
        t = np.where(mask, t, C.NO_TIME)
        late = t >= cfg.end_ms - C.DAY_MS
        return np.where(late, C.NO_TIME, t), same & ~late

    t_demo, demo_same = milestone(plan_demo, 0.35, 7.0)
    plan_demo = t_demo < C.NO_TIME
    is_lead = intent == INTENTS.index("lead")
    lead_kind = np.where(is_lead, np.where(bernoulli(rng, C.CONTENT_LEAD_SHARE, n), LEAD_CONTENT, LEAD_NEWSLETTER),
                         LEAD_NONE).astype(np.int8)
    t_lead, lead_same = milestone(lead_kind > 0, 0.45, 5.0)
    lead_kind = np.where(t_lead < C.NO_TIME, lead_kind, LEAD_NONE).astype(np.int8)
    plan_trial = intent == INTENTS.index("trialist")
    t_signup, signup_same = milestone(plan_trial, 0.35, 4.0)
    plan_trial = t_signup < C.NO_TIME

    first_name = rng.integers(0, len(cat.FIRST_NAMES), n)
    last_name = rng.integers(0, len(cat.LAST_NAMES), n)
    company = rng.integers(0, max(n // 3, 10), n)
    personal_email = bernoulli(rng, 0.45, n)
    bad_email = bernoulli(rng, C.EMAIL_BAD_ADDRESS_RATE, n)

    return People(
        n=n, is_bot=is_bot, country=country.astype(np.int16), tz_min=tz_min, currency=currency.astype(np.int8),
        source=source.astype(np.int32), group=group.astype(np.int8), intent=intent, t0=t0.astype(np.int64),
        plan_pricing=plan_pricing, plan_demo=plan_demo, t_demo=t_demo, demo_same_visit=demo_same,
        lead_kind=lead_kind, t_lead=t_lead, lead_same_visit=lead_same, plan_trial=plan_trial, t_signup=t_signup,
        signup_same_visit=signup_same, first_name=first_name, last_name=last_name, company=company,
        personal_email=personal_email, bad_email=bad_email,
    )
